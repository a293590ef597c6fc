"""Who is calling and with which settings: what the door hands every view.

A view never reads a token, a cookie or the settings store itself; it asks its
:class:`Caller`, and tells it what to remember (a new sign-in, a chosen company, a
preview), which the door writes onto the response (docs/architecture.md, "The door").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from ..links import Links
from ..models import Membership, PageSession
from ..services import sign_in
from ..settings_store import PluginSettings
from . import cookies, language
from .preview import Preview, make_cookie


@dataclass
class Caller:
    request: HttpRequest
    settings: PluginSettings
    links: Links
    client_address: str | None
    user: Any = None  # who signed in; None: anonymous
    session: PageSession | None = None  # the page session of a cookie sign-in
    preview: Preview | None = None  # a staff user looking as a member
    csrf_token: str = ""
    _set: dict[str, tuple[str, int]] = field(default_factory=dict)
    _clear: set[str] = field(default_factory=set)

    @property
    def viewer(self) -> Any:
        """Whose customer center is shown: the member, in a staff preview."""
        return self.preview.membership.user if self.preview else self.user

    @property
    def read_only(self) -> bool:
        return self.preview is not None

    # What the view asks the door to remember ------------------------------------------

    def keep(self, name: str, value: str, max_age: int) -> None:
        self._clear.discard(name)
        self._set[name] = (value, max_age)

    def forget(self, *names: str) -> None:
        for name in names:
            self._set.pop(name, None)
            self._clear.add(name)

    def signed_in(self, signed: sign_in.SignedIn) -> None:
        self.user, self.session = signed.user, signed.session
        self.keep(cookies.ACCESS, signed.access_token, cookies.ACCESS_MAX_AGE)
        self.keep(cookies.REFRESH, signed.refresh_secret, signed.max_age)

    def signed_out(self) -> None:
        self.forget(*cookies.SIGN_IN)

    def remember_company(self, company_id: int) -> None:
        self.keep(cookies.COMPANY, str(company_id), cookies.COMPANY_MAX_AGE)

    def chosen_company(self) -> int | None:
        raw = self.request.COOKIES.get(cookies.COMPANY, "")
        return int(raw) if raw.isdigit() and len(raw) < 19 else None

    def notify(self, key: str) -> None:
        """A notice for the next page only (after a redirect following a POST): its key
        travels in a short-lived cookie that the page showing it clears (issue 14 item 2)."""
        self.keep(cookies.NOTICE, key, cookies.NOTICE_MAX_AGE)

    def take_notice(self) -> str:
        """The key of the notice left for this page, once: the answer clears it."""
        key = self.request.COOKIES.get(cookies.NOTICE, "")
        if not key or cookies.NOTICE in self._set:  # one set now is for the next page
            return ""
        self.forget(cookies.NOTICE)
        return key

    def choose_language(self, code: str) -> bool:
        """Remember the visitor's language (door/language.py); False for one not offered."""
        chosen = language.supported(code)
        if chosen is None:
            return False
        self.keep(cookies.LANGUAGE, chosen, language.MAX_AGE)
        return True

    def start_preview(self, membership: Membership, expires_at: float, max_age: int) -> None:
        self.keep(cookies.PREVIEW, make_cookie(self.user, membership, expires_at), max_age)

    def end_preview(self) -> None:
        self.forget(cookies.PREVIEW)

    def write(self, response: HttpResponseBase) -> HttpResponseBase:
        """Put what was asked for onto the response (the door calls this once)."""
        for name, (value, max_age) in self._set.items():
            cookies.set_cookie(self.request, response, name, value, max_age)
        cookies.clear(response, *sorted(self._clear))
        return response
