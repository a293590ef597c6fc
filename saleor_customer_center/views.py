"""The health probe (rule ``ANONYMOUS``: nothing of the caller is read)."""

from django.http import HttpRequest, JsonResponse

from . import __version__
from .door import Caller


def health(request: HttpRequest, caller: Caller) -> JsonResponse:
    """A cheap probe for monitoring: answers only when the plugin is active."""
    return JsonResponse({"status": "ok", "version": __version__})
