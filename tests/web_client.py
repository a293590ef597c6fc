"""Django's test client used as a browser uses the pages: a page session in the cookies (as
the sign-in page leaves them) and the CSRF pair on every POST, over the real plugin route."""

from __future__ import annotations

import secrets
from typing import Any

from saleor_customer_center.door import cookies
from saleor_customer_center.door.csrf import FIELD
from saleor_customer_center.services import sign_in

PLUGIN_URL = "/plugins/global/saleor.customer_center/"


class PageClient:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.csrf = secrets.token_urlsafe(32)
        self.client.cookies[cookies.CSRF] = self.csrf
        self.signed: sign_in.SignedIn | None = None

    def sign_in(self, user: Any) -> PageClient:
        """A page session of ``user``, started by the sign-in service as the page does."""
        self.signed = sign_in.start(user)
        self.client.cookies[cookies.ACCESS] = self.signed.access_token
        self.client.cookies[cookies.REFRESH] = self.signed.refresh_secret
        return self

    def get(self, sub_path: str, data: dict | None = None, **extra: Any):
        return self.client.get(PLUGIN_URL + sub_path, data or {}, **extra)

    def post(self, sub_path: str, data: dict | None = None, csrf: bool = True, **extra: Any):
        form = {**({FIELD: self.csrf} if csrf else {}), **(data or {})}
        return self.client.post(PLUGIN_URL + sub_path, form, **extra)
