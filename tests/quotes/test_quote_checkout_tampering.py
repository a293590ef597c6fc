"""A quote's checkout carries Saleor line price overrides. A storefront can edit the
checkout with Saleor's own API (lines, metadata); the quoted prices must never buy more
than was quoted. The quote is found by the checkout's token, not by metadata the
storefront can delete."""

from __future__ import annotations

import pytest

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyOrder
from saleor_customer_center.services import quotes
from tests import shop

from .conftest import LINKS

pytestmark = pytest.mark.django_db

LINES = "query($id: ID!) { checkout(id: $id) { lines { id quantity variant { sku } } } }"
DELETE_METADATA = """mutation($id: ID!, $keys: [String!]!) { deleteMetadata(id: $id, keys: $keys)
  { errors { field code message } } }"""
UPDATE_LINES = """mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { errors { field code message } } }"""


def _accepted_checkout(w):
    quote = w.request()
    w.quotation(quote)  # DRL-1 at 80.00 instead of 100.00
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    storefront = shop.Storefront(w.admin.user)
    checkout_id = shop.checkout_id(checkout)
    storefront.give_addresses(checkout_id)
    storefront.choose_delivery(checkout_id)
    return storefront, checkout_id


def test_dropping_the_quote_tag_does_not_free_the_quoted_prices(quote_world):
    w = quote_world
    storefront, checkout_id = _accepted_checkout(w)
    # The storefront deletes the quote's keys, then asks for 50 drills at the quoted price.
    storefront.gql(
        DELETE_METADATA,
        {
            "id": checkout_id,
            "keys": [saleor.QUOTE_METADATA_KEY, saleor.QUOTE_VERSION_METADATA_KEY],
        },
    )
    lines = storefront.gql(LINES, {"id": checkout_id})["checkout"]["lines"]
    drill = next(line for line in lines if line["variant"]["sku"] == "DRL-1")
    answer = storefront.gql(
        UPDATE_LINES, {"id": checkout_id, "lines": [{"lineId": drill["id"], "quantity": 50}]}
    )
    assert answer["checkoutLinesUpdate"]["errors"] == []

    completion = storefront.complete(checkout_id)

    assert [e["code"] for e in completion.errors] == ["INVALID"]
    assert "no longer matches quote" in completion.errors[0]["message"]
    assert not CompanyOrder.objects.exists()


def test_an_order_links_to_a_quote_only_through_the_quote_checkout(quote_world):
    """Metadata naming a quote on another checkout links nothing."""
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    storefront = shop.Storefront(w.admin.user)
    checkout = storefront.ready_checkout([(w.saw, 1)])
    storefront.gql(
        """mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id,
        input: $input) { errors { field code message } } }""",
        {
            "id": checkout["id"],
            "input": [{"key": saleor.QUOTE_METADATA_KEY, "value": str(quote.pk)}],
        },
    )
    completion = storefront.complete(checkout["id"])
    assert completion.errors == []
    assert CompanyOrder.objects.get(order_id=completion.saleor_order.pk).quote_id is None
