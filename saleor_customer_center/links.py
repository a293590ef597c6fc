"""Every absolute URL the plugin emits, built in one place from one definition of its path.

Emails (set-password links), the hand-off of a quick order to the storefront's checkout,
PDF downloads and the pages' own links all come from here (docs/architecture.md, "Links").
With a request the origin is the one the caller reached the plugin by; without one (a
celery task, a Saleor hook) it is Saleor's own: ``PUBLIC_URL``, else the Site's domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest
from django.urls import reverse

from . import saleor

# The one definition of where the plugin lives: Saleor serves a shop-wide plugin's
# ``webhook()`` under /plugins/global/<PLUGIN_ID>/ (README "Installing into a Saleor shop";
# docs/architecture.md, "Links").
PLUGIN_PATH = f"/plugins/global/{saleor.PLUGIN_ID}/"
URLCONF = "saleor_customer_center.urls"

# Paths on the operator's storefront (``storefront_url``), the contract the README states.
STOREFRONT_SET_PASSWORD = "/set-password/"
STOREFRONT_CHECKOUT = "/checkout/"


def path(name: str, *args: Any, query: dict[str, str] | None = None) -> str:
    """The absolute path of one of the plugin's routes (``urls.py`` names)."""
    sub = reverse(name, urlconf=URLCONF, args=args)
    return PLUGIN_PATH.rstrip("/") + sub + (f"?{urlencode(query)}" if query else "")


def sub_path(full_path: str) -> str:
    """What follows the plugin's path (Saleor hands ``webhook()`` this part)."""
    return "/" + full_path.removeprefix(PLUGIN_PATH).lstrip("/")


@dataclass(frozen=True)
class Links:
    """Absolute URLs for one request or one task: an origin and the operator's storefront."""

    origin: str  # scheme://host[:port], no trailing slash
    storefront_url: str = ""

    @classmethod
    def for_request(cls, request: HttpRequest, storefront_url: str = "") -> Links:
        return cls(f"{request.scheme}://{request.get_host()}", storefront_url.rstrip("/"))

    @classmethod
    def for_shop(cls, storefront_url: str = "") -> Links:
        """No request at hand: the origin Saleor itself builds absolute URLs with."""
        parts = urlsplit(saleor.absolute_uri("/"))
        return cls(f"{parts.scheme}://{parts.netloc}", storefront_url.rstrip("/"))

    def page(self, name: str, *args: Any, query: dict[str, str] | None = None) -> str:
        return self.origin + path(name, *args, query=query)

    def set_password(self, email: str, token: str) -> str:
        """The storefront's set-password page when the operator set one, else the plugin's."""
        query = {"email": email, "token": token}
        if self.storefront_url:
            return f"{self.storefront_url}{STOREFRONT_SET_PASSWORD}?{urlencode(query)}"
        return self.page("cc-set-password", query=query)

    def storefront_home(self) -> str:
        """The shop's front page: the storefront when the operator set one, else the origin
        the shop is served from."""
        return (self.storefront_url or self.origin) + "/"

    def storefront_checkout(self, checkout_token: str) -> str:
        """Where a quick order continues: the storefront's checkout; "" without a storefront
        (the page then shows the checkout's token for the shop's own checkout)."""
        if not self.storefront_url:
            return ""
        return (
            f"{self.storefront_url}{STOREFRONT_CHECKOUT}?{urlencode({'checkout': checkout_token})}"
        )

    def order_pdf(self, order_id: Any) -> str:
        return self.page("order-pdf", str(order_id))

    def invoice_pdf(self, invoice_id: int) -> str:
        return self.page("cc-invoice-pdf", invoice_id)
