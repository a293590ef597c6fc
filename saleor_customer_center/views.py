"""The health probe and the favicon (rule ``ANONYMOUS``: nothing of the caller is read)."""

from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse

from . import __version__
from .door import Caller


def health(request: HttpRequest, caller: Caller) -> JsonResponse:
    """A cheap probe for monitoring: answers only when the plugin is active."""
    return JsonResponse({"status": "ok", "version": __version__})


FAVICON = Path(__file__).parent / "static" / "saleor_customer_center" / "favicon.svg"


@cache
def _favicon() -> bytes:
    return FAVICON.read_bytes()


def favicon(request: HttpRequest, caller: Caller) -> HttpResponse:
    """The pages' icon, shipped in the package (issue 14 item 15)."""
    return HttpResponse(_favicon(), content_type="image/svg+xml")
