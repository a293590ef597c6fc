from django.http import HttpRequest, JsonResponse

from . import __version__


def health(request: HttpRequest) -> JsonResponse:
    """A cheap probe for monitoring: answers only when the plugin is active."""
    return JsonResponse({"status": "ok", "version": __version__})
