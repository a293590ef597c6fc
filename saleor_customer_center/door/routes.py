"""Routes: each declares its credential rule, and the door serves only declared routes.

``urls.py`` is built from :func:`route` declarations and passed through
:func:`urlpatterns`, which refuses to load a URL pattern that was not declared with a
rule (ImproperlyConfigured at import). :func:`serve` is the one entry: the plugin's
``webhook()`` hands it every request under the plugin's path (docs/architecture.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import (
    BadRequest,
    ImproperlyConfigured,
    RequestDataTooBig,
    TooManyFieldsSent,
    ValidationError,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.urls import Resolver404, URLPattern, resolve
from django.urls import path as django_path

from .. import branding, languages, permissions, saleor, security_log
from ..links import URLCONF, Links
from ..settings_store import PluginSettings
from . import cookies, csrf, headers, language
from .answers import Answer
from .caller import Caller
from .rules import Refused, Rule

# Text no field may hold: PostgreSQL refuses NUL, UTF-8 cannot encode a lone surrogate.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
BAD_TEXT = "The request holds a NUL character or an unpaired surrogate, which no field may hold."

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class Route:
    """One route: its view, its credential rule, how it answers, which methods it takes."""

    view: View
    rule: Rule
    name: str
    answers: Answer = Answer.PAGE
    methods: tuple[str, ...] = ("GET", "POST")

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Django never calls a route directly: the urlconf is resolved by serve() only.
        raise Http404()

    @property
    def allowed(self) -> tuple[str, ...]:
        return (*self.methods, "HEAD") if "GET" in self.methods else self.methods

    def enter(
        self, request: HttpRequest, settings: PluginSettings, kwargs: dict
    ) -> HttpResponseBase:
        return headers.apply(self._enter(request, settings, kwargs))

    def _enter(
        self, request: HttpRequest, settings: PluginSettings, kwargs: dict
    ) -> HttpResponseBase:
        if request.method not in self.allowed:
            refused = self.answers.error(request, 405, f"Use {' or '.join(self.methods)}.")
            refused["Allow"] = ", ".join(self.allowed)
            return refused
        refusal = _refuse_bad_input(request, kwargs)
        if refusal is not None:
            return self.answers.error(request, *refusal)
        caller = Caller(
            request=request,
            settings=settings,
            links=Links.for_request(request, settings.storefront_url),
            client_address=saleor.client_ip(request),
        )
        caller.csrf_token, new = csrf.token_of(request)
        if new:
            caller.keep(cookies.CSRF, caller.csrf_token, cookies.CSRF_MAX_AGE)
        response: HttpResponseBase
        try:
            self.rule.admit(caller)
            response = self.view(request, caller, **kwargs)
        except Refused as refused:
            response = self._refused(request, caller, refused)
        except (permissions.NotFound, Http404):
            security_log.refused("NOT_FOUND", request.path, caller.user, caller.client_address)
            response = self.answers.error(request, 404, "Page not found.", "NOT_FOUND")
        except (permissions.PermissionDenied, DjangoPermissionDenied) as exc:
            security_log.refused(
                "PERMISSION_DENIED", request.path, caller.user, caller.client_address
            )
            message = str(exc) or str(permissions.PermissionDenied.default_message)
            response = self.answers.error(request, 403, message, "PERMISSION_DENIED")
        except ValidationError as exc:
            response = self.answers.error(request, 400, " ".join(exc.messages), "INVALID")
        except BadRequest as exc:
            response = self.answers.error(request, 400, str(exc) or "Bad request.", "INVALID")
        return caller.write(response)

    def _refused(self, request: HttpRequest, caller: Caller, refused: Refused) -> HttpResponseBase:
        if refused.location is not None:
            return HttpResponseRedirect(refused.location)
        if refused.status in (403, 404):
            code = "NOT_FOUND" if refused.status == 404 else "PERMISSION_DENIED"
            security_log.refused(code, request.path, caller.user, caller.client_address)
        return self.answers.error(request, refused.status, refused.message, refused.code)


def _refuse_bad_input(request: HttpRequest, kwargs: dict) -> tuple[int, str, str] | None:
    """400 (413) for input no view can use: unparsable forms, unstorable text."""
    try:
        values = [*request.GET.lists()]
        if request.method == "POST":
            # The raw body first: a rule that checks it (the push signature) can still read
            # it after the form is parsed from it (Django keeps it once read).
            request.body  # noqa: B018
            values += [*request.POST.lists()]
    except RequestDataTooBig:
        return 413, "The request is too large.", "INVALID"
    except (TooManyFieldsSent, MultiPartParserError, UnicodeDecodeError):
        return 400, "The form could not be read.", "INVALID"
    texts = [str(v) for v in kwargs.values()]
    for key, items in values:
        texts.append(key)
        texts.extend(str(item) for item in items)
    if any(UNSTORABLE.search(text) for text in texts):
        return 400, BAD_TEXT, "INVALID"
    return None


def route(
    pattern: str,
    view: View,
    rule: Rule,
    name: str,
    *,
    answers: Answer = Answer.PAGE,
    methods: Iterable[str] = ("GET", "POST"),
) -> URLPattern:
    """Declare a route; a rule is required."""
    if not isinstance(rule, Rule):
        raise ImproperlyConfigured(f"Route {pattern!r} ({name}) declares no credential rule.")
    return django_path(pattern, Route(view, rule, name, answers, tuple(methods)), name=name)


def urlpatterns(patterns: Iterable[Any]) -> list[URLPattern]:
    """The urlconf, refusing any pattern not declared with :func:`route`."""
    checked = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern) or not isinstance(pattern.callback, Route):
            raise ImproperlyConfigured(
                f"URL pattern {getattr(pattern, 'pattern', pattern)!s} has no credential rule: "
                "declare it with door.route(pattern, view, rule, name)."
            )
        checked.append(pattern)
    return checked


def serve(request: HttpRequest, sub_path: str, settings: PluginSettings) -> HttpResponseBase:
    """Answer one request under the plugin's path, in the visitor's language and with the
    shop's brand (door/language.py, branding.py)."""
    spoken = language.of_request(request)
    with languages.speaking(spoken), branding.using(branding.Brand.of(settings)):
        response = _serve(request, sub_path, settings)
    response.headers.setdefault("Content-Language", spoken)
    return response


def _serve(request: HttpRequest, sub_path: str, settings: PluginSettings) -> HttpResponseBase:
    """The declared route, or 404."""
    try:
        match = resolve(sub_path, urlconf=URLCONF)
    except Resolver404:
        return headers.apply(Answer.PAGE.error(request, 404, "Page not found."))
    entry = match.func
    if not isinstance(entry, Route):  # urlpatterns() makes this impossible; never serve it
        raise ImproperlyConfigured(f"{sub_path} resolved to a view without a credential rule.")
    return entry.enter(request, settings, match.kwargs)
