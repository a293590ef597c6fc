"""The language switch of the page header: the choice is kept in a cookie by the door."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..door import Caller
from ..links import path


def switch_language(request: HttpRequest, caller: Caller) -> HttpResponse:
    """``POST language/`` with ``language`` (``en``, ``de``); back to the page it came from.
    An unknown language changes nothing."""
    caller.choose_language(request.POST.get("language", ""))
    target = request.POST.get("next") or ""
    if not (target and url_has_allowed_host_and_scheme(target, {request.get_host()})):
        target = path("cc-home")
    return HttpResponseRedirect(target)
