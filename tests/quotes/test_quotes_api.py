"""The quotes API: request, quotation and revision by staff, accept and decline, rights
beside the role, PO numbers through Saleor's own checkout, constant list cost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyOrder, Quote
from saleor_customer_center.roles import Role
from tests import shop
from tests.access import gql as access_gql
from tests.factories import MembershipFactory
from tests.orders.conftest import complete

from . import gql
from .conftest import quoted

pytestmark = pytest.mark.django_db


def _company(member) -> str:
    return to_global_id("Company", member.company_id)


def _quote(quote) -> str:
    return to_global_id("CompanyQuote", quote.pk)


def test_request_quotation_accept_and_order_through_the_api(api, quote_world):
    w = quote_world
    asked = api.as_user(w.buyer.user).post(
        gql.REQUEST_CREATE,
        {
            "company": _company(w.buyer),
            "input": {
                "channel": shop.CHANNEL,
                "lines": [{"sku": "DRL-1", "quantity": 3}],
                "wantedBy": gql.later(5),
                "poNumber": "PO-77",
                "note": "Site B",
            },
        },
    )["data"]["companyQuoteRequestCreate"]
    assert asked["errors"] == []
    quote_id = asked["quote"]["id"]
    assert asked["quote"]["status"] == "REQUESTED"
    assert asked["quote"]["lines"] == [
        {"sku": "DRL-1", "productName": w.drill.product.name, "quantity": 3}
    ]

    sent = api.as_user(w.staff).post(
        gql.QUOTATION_SEND,
        {"id": quote_id, "input": {"validUntil": gql.later(), "discountPercent": "15"}},
    )["data"]["quotationSend"]
    assert sent["errors"] == [] and sent["quote"]["status"] == "QUOTED"
    revised = api.as_user(w.staff).post(
        gql.QUOTATION_REVISE,
        {
            "id": quote_id,
            "input": {"validUntil": gql.later(), "prices": [{"sku": "DRL-1", "unitPrice": "70"}]},
        },
    )["data"]["quotationRevise"]
    assert [v["version"] for v in revised["quote"]["quotations"]] == [1, 2]

    read = api.as_user(w.admin.user).post(gql.QUOTE, {"id": quote_id})["data"]["companyQuote"]
    assert [q["total"]["amount"] for q in read["quotations"]] == [255.0, 210.0]
    assert read["quotations"][0]["discountPercent"] == "15.00"

    accepted = api.as_user(w.admin.user).post(gql.ACCEPT, {"id": quote_id})["data"][
        "companyQuoteAccept"
    ]
    assert accepted["errors"] == [] and accepted["quote"]["acceptedVersion"] == 2
    again = api.as_user(w.admin.user).post(gql.ACCEPT, {"id": quote_id})["data"][
        "companyQuoteAccept"
    ]
    assert again["checkout"]["token"] == accepted["checkout"]["token"]

    from saleor.checkout.models import Checkout

    order = complete(Checkout.objects.get(token=accepted["checkout"]["token"]))
    assert order.total_gross_amount == Decimal("210.000")
    orders = api.as_user(w.admin.user).post(
        """query($id: ID!) { company(id: $id) { orders(first: 5, filter: {poNumber: "77"}) {
        totalCount edges { node { poNumber quoteId } } } } }""",
        {"id": _company(w.admin)},
    )["data"]["company"]["orders"]
    assert orders["totalCount"] == 1
    assert orders["edges"][0]["node"] == {"poNumber": "PO-77", "quoteId": quote_id}
    read = api.as_user(w.admin.user).post(gql.QUOTE, {"id": quote_id})["data"]["companyQuote"]
    assert read["orderId"] == to_global_id("Order", str(order.pk))


def test_a_member_with_the_right_raises_a_quote_but_sees_no_prices(api, quote_world):
    w = quote_world
    orderer = MembershipFactory(company=w.company, role=Role.L20_ORDERS)
    document = {
        "company": _company(orderer),
        "input": gql.request_input(lines=[{"sku": "DRL-1", "quantity": 1}]),
    }
    refused = api.as_user(orderer.user).post(gql.REQUEST_CREATE, document)
    assert refused["data"]["companyQuoteRequestCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"

    granted = api.as_user(w.admin.user).post(
        access_gql.MEMBER_UPDATE,
        {
            "id": access_gql.member_id(orderer),
            "input": {**_person(orderer), "mayRaiseRequests": True},
        },
    )["data"]["companyMemberUpdate"]
    assert granted["errors"] == []
    answer = api.as_user(orderer.user).post(gql.REQUEST_CREATE, document)
    quote = Quote.objects.get(requested_by=orderer.user)
    w.quotation(quote, prices={"DRL-1": "55"})
    read = api.as_user(orderer.user).post(gql.QUOTE, {"id": _quote(quote)})["data"]["companyQuote"]
    assert answer["data"]["companyQuoteRequestCreate"]["errors"] == []
    assert read["quotations"][0]["total"] is None
    assert read["quotations"][0]["lines"][0]["unitPrice"] is None
    assert read["quotations"][0]["lines"][0]["quantity"] == 1


def _person(member) -> dict:
    return {
        "salutation": member.salutation or "Mx",
        "firstName": member.user.first_name or "First",
        "lastName": member.user.last_name or "Last",
        "email": member.user.email,
        "role": Role(member.role).name,
    }


def test_the_approve_right_lets_an_l30_accept_and_is_shown_on_members(api, quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    refused = api.as_user(w.buyer.user).post(gql.ACCEPT, {"id": _quote(quote)})
    assert refused["data"]["companyQuoteAccept"]["errors"][0]["code"] == "PERMISSION_DENIED"
    updated = api.as_user(w.admin.user).post(
        access_gql.MEMBER_UPDATE.replace(
            "isActive", "isActive mayApproveQuotations mayRaiseRequests"
        ),
        {
            "id": access_gql.member_id(w.buyer),
            "input": {**_person(w.buyer), "mayApproveQuotations": True},
        },
    )["data"]["companyMemberUpdate"]
    assert updated["errors"] == []
    assert (updated["member"]["mayApproveQuotations"], updated["member"]["mayRaiseRequests"]) == (
        True,
        False,
    )
    accepted = api.as_user(w.buyer.user).post(gql.ACCEPT, {"id": _quote(quote)})
    assert accepted["data"]["companyQuoteAccept"]["errors"] == []


def test_the_approve_right_needs_prices_and_is_never_self_given(api, quote_world):
    w = quote_world
    orderer = MembershipFactory(company=w.company, role=Role.L20_ORDERS)
    low = api.as_user(w.admin.user).post(
        access_gql.MEMBER_UPDATE,
        {
            "id": access_gql.member_id(orderer),
            "input": {**_person(orderer), "mayApproveQuotations": True},
        },
    )["data"]["companyMemberUpdate"]
    assert [(e["field"], e["code"]) for e in low["errors"]] == [("mayApproveQuotations", "INVALID")]
    billing = MembershipFactory(company=w.company, role=Role.L40_BILLING)
    by_peer = api.as_user(billing.user).post(
        access_gql.MEMBER_UPDATE,
        {
            "id": access_gql.member_id(w.buyer),
            "input": {**_person(w.buyer), "mayApproveQuotations": True},
        },
    )["data"]["companyMemberUpdate"]
    assert by_peer["errors"][0]["code"] == "PERMISSION_DENIED"
    w.buyer.refresh_from_db()
    assert not w.buyer.may_approve_quotations


def test_every_quote_viewer_sees_the_company_quotes_and_no_other(api, quote_world):
    w = quote_world
    other = MembershipFactory(company=w.company, role=Role.L40_BILLING)
    w.request()
    quotes_request_as(other)
    for member in (w.buyer, w.admin):
        found = api.as_user(member.user).post(gql.QUOTES, {"company": _company(member)})
        assert found["data"]["companyQuotes"]["totalCount"] == 2
    stranger = MembershipFactory(role=Role.L90_OWNER)
    foreign = api.as_user(stranger.user).post(gql.QUOTE, {"id": _quote(Quote.objects.first())})
    missing = api.as_user(stranger.user).post(
        gql.QUOTE, {"id": to_global_id("CompanyQuote", 999999)}
    )
    assert foreign == missing == {"data": {"companyQuote": None}}


def quotes_request_as(member):
    from saleor_customer_center.services import quotes

    return quotes.request_quote(
        member.user, member.company_id, {"channel": shop.CHANNEL, "lines": [("SAW-1", 1)]}
    )


def test_revising_needs_a_quotation_and_expired_quotes_are_refused(api, quote_world):
    w = quote_world
    quote = w.request()
    early = api.as_user(w.staff).post(
        gql.QUOTATION_REVISE, {"id": _quote(quote), "input": gql.quotation_input()}
    )["data"]["quotationRevise"]
    assert early["errors"][0]["code"] == "QUOTE_NOT_OPEN"
    declined = api.as_user(w.admin.user).post(gql.DECLINE, {"id": _quote(quote)})
    assert declined["data"]["companyQuoteDecline"]["quote"]["status"] == "DECLINED"
    answer = api.as_user(w.admin.user).post(gql.ACCEPT, {"id": _quote(quote)})
    assert answer["data"]["companyQuoteAccept"]["errors"][0]["code"] == "QUOTE_NOT_OPEN"


@pytest.mark.parametrize("count", [2, 6])
def test_quote_list_costs_the_same_whatever_its_length(api, quote_world, count):
    w = quote_world
    for _ in range(count):
        quoted(w.company, w.staff, sku="DRL-1")
    admin = api.as_user(w.admin.user)
    admin.post("{ __typename }")  # Saleor caches its Site per process
    with CaptureQueriesContext(connection) as queries:
        body = admin.post(gql.QUOTES, {"company": _company(w.admin)})
    assert body["data"]["companyQuotes"]["totalCount"] == count
    # user, membership, plugin configuration, count, page, lines, quotations, their
    # lines, order links: the same for 2 and for 6 quotes.
    assert len(queries) == 9, [q["sql"][:120] for q in queries.captured_queries]


def test_a_storefront_po_number_is_required_and_lands_on_the_order(api, quote_world):
    """The PO number through Saleor's own API: the storefront sets it on the checkout with
    ``updateMetadata``; a company that requires one is refused at ``checkoutComplete``."""
    w = quote_world
    w.company.po_number_required = True
    w.company.save()
    storefront = shop.Storefront(w.admin.user)
    checkout = storefront.ready_checkout([(w.saw, 1)])
    refused = storefront.complete(checkout["id"])
    assert [e["code"] for e in refused.errors] == ["INVALID"]
    assert "requires a purchase-order number" in refused.errors[0]["message"]
    storefront.gql(
        """mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input)
        { errors { field code message } } }""",
        {
            "id": checkout["id"],
            "input": [{"key": saleor.PO_NUMBER_METADATA_KEY, "value": "PO-SF-1"}],
        },
    )
    placed = storefront.complete(checkout["id"])
    assert placed.errors == []
    link = CompanyOrder.objects.get(order_id=placed.saleor_order.pk)
    assert link.po_number == "PO-SF-1"
    assert placed.saleor_order.metadata[saleor.PO_NUMBER_METADATA_KEY] == "PO-SF-1"


def test_company_settings_update_requires_po_numbers(api, quote_world):
    w = quote_world
    answer = api.as_user(w.admin.user).post(
        gql.SETTINGS_UPDATE, {"company": _company(w.admin), "input": {"poNumberRequired": True}}
    )["data"]["companySettingsUpdate"]
    assert answer == {"errors": [], "company": {"id": _company(w.admin), "poNumberRequired": True}}
    checkout = api.as_user(w.admin.user).post(
        """mutation($id: ID!, $input: CompanyCheckoutCreateInput!) { companyCheckoutCreate(
        companyId: $id, input: $input) { errors { field code message } checkout { token } } }""",
        {
            "id": _company(w.admin),
            "input": {"channel": shop.CHANNEL, "lines": [{"sku": "SAW-1", "quantity": 1}]},
        },
    )["data"]["companyCheckoutCreate"]
    assert [(e["field"], e["code"]) for e in checkout["errors"]] == [
        ("poNumber", "PO_NUMBER_REQUIRED")
    ]


def test_a_quote_request_takes_the_lines_of_a_past_order(api, quote_world):
    w = quote_world
    from saleor_customer_center.services import quick_order
    from saleor_customer_center.settings_store import PluginSettings

    settings = PluginSettings.from_configuration([{"name": "new_orders_enabled", "value": True}])
    checkout = quick_order.create_company_checkout(
        w.buyer, shop.CHANNEL, [("DRL-1", 4), ("SAW-1", 2)], plugin_settings=settings
    )
    order = complete(checkout)
    asked = api.as_user(w.buyer.user).post(
        gql.REQUEST_CREATE,
        {
            "company": _company(w.buyer),
            "input": {"channel": shop.CHANNEL, "fromOrder": to_global_id("Order", str(order.pk))},
        },
    )["data"]["companyQuoteRequestCreate"]
    assert asked["errors"] == []
    assert sorted((line["sku"], line["quantity"]) for line in asked["quote"]["lines"]) == [
        ("DRL-1", 4),
        ("SAW-1", 2),
    ]
    stranger = MembershipFactory(role=Role.L90_OWNER)
    shop.variant(Decimal("1.00"), sku="OTHER-1")
    foreign = api.as_user(stranger.user).post(
        gql.REQUEST_CREATE,
        {
            "company": _company(stranger),
            "input": {"channel": shop.CHANNEL, "fromOrder": to_global_id("Order", str(order.pk))},
        },
    )["data"]["companyQuoteRequestCreate"]
    assert [(e["field"], e["code"]) for e in foreign["errors"]] == [("fromOrder", "NOT_FOUND")]
