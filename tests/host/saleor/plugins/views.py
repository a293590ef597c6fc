from django.http import HttpRequest, HttpResponse

from .manager import get_plugins_manager


def handle_plugin_webhook(request: HttpRequest, plugin_id: str) -> HttpResponse:
    return get_plugins_manager().webhook_endpoint_without_channel(request, plugin_id)


def handle_global_plugin_webhook(request: HttpRequest, plugin_id: str) -> HttpResponse:
    return get_plugins_manager().webhook(request, plugin_id, channel_slug=None)


def handle_plugin_per_channel_webhook(
    request: HttpRequest, plugin_id: str, channel_slug: str
) -> HttpResponse:
    return get_plugins_manager().webhook(request, plugin_id, channel_slug=channel_slug)
