"""Every access operation x every role of the ladder, other companies and anonymous callers.

Allowed roles are those of DESIGN.md's roles table: users management (members, ERP
contacts, requests queue, audit log and every member mutation) is L80 and up; any member
files a request and switches company; only the Owner hands ownership over. A refusal
changes nothing (no audit entry). From another company the answer equals the answer for an
id that does not exist, byte for byte.
"""

from dataclasses import dataclass

import pytest
from graphql_relay import to_global_id

from saleor_customer_center.models import AuditEntry, CompanyRequest
from saleor_customer_center.roles import Role
from tests import shop
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    ErpContactFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
)
from tests.quotes import gql as quote_gql
from tests.quotes.conftest import quoted

from . import gql

pytestmark = pytest.mark.django_db

MISSING = 987654
STAFF_ONLY = 100  # above every role: no member of the company may


@dataclass
class World:
    company: object
    target: object  # an L10 member
    contact: object  # an unlinked ERP contact
    request: object  # a pending new-user request
    order: object  # an order of the company, of one line still for sale
    quote: object  # a quote with a quotation sent, waiting for the company


@pytest.fixture
def world(company, plugin_configuration, staff_user):
    plugin_configuration(new_orders_enabled=True)  # the role decides, not the switch
    target = MembershipFactory(company=company, role=Role.L10_BASIC)
    contact = ErpContactFactory(company=company)
    request = CompanyRequest.objects.create(
        company=company,
        kind="new_user",
        requested_by=target.user,
        payload={
            "salutation": "Mr",
            "first_name": "Rex",
            "last_name": "Requested",
            "email": "rex@example.com",
            "role": 10,
        },
    )
    order = OrderFactory()
    OrderLineFactory(order=order, variant=shop.variant(sku="MATRIX-1"), product_sku="MATRIX-1")
    CompanyOrderFactory(company=company, order=order)
    quote = quoted(company, staff_user)
    AuditEntry.objects.all().delete()  # the quote's own history: a refusal must add none
    return World(company, target, contact, request, order, quote)


def _ids(world: World, missing: bool = False):
    if missing:
        return {
            "company": to_global_id("Company", MISSING),
            "member": to_global_id("CompanyMember", MISSING),
            "contact": to_global_id("ErpContact", MISSING),
            "request": to_global_id("CompanyRequest", MISSING),
            "order": to_global_id("Order", "00000000-0000-0000-0000-000000000000"),
            "quote": to_global_id("CompanyQuote", MISSING),
        }
    return {
        "company": gql.company_id(world.company),
        "member": gql.member_id(world.target),
        "contact": gql.contact_id(world.contact),
        "request": gql.request_id(world.request),
        "order": to_global_id("Order", world.order.pk),
        "quote": to_global_id("CompanyQuote", world.quote.pk),
    }


# name: (document, variables from ids, path of the answer, lowest role allowed)
OPERATIONS = {
    "members": (
        "query($id: ID!) { company(id: $id) { members(first: 5) { totalCount } } }",
        lambda ids: {"id": ids["company"]},
        ("company", "members"),
        Role.L80_ADMIN,
    ),
    "erpContacts": (
        "query($id: ID!) { company(id: $id) { erpContacts(first: 5) { totalCount } } }",
        lambda ids: {"id": ids["company"]},
        ("company", "erpContacts"),
        Role.L80_ADMIN,
    ),
    "requests": (
        "query($id: ID!) { company(id: $id) { requests(first: 5) { totalCount } } }",
        lambda ids: {"id": ids["company"]},
        ("company", "requests"),
        Role.L80_ADMIN,
    ),
    "auditLog": (
        "query($id: ID!) { company(id: $id) { auditLog(first: 5) { totalCount } } }",
        lambda ids: {"id": ids["company"]},
        ("company", "auditLog"),
        Role.L80_ADMIN,
    ),
    # The lists' own arguments (issue 16): a search and a backward page answer to the
    # same rights as the list.
    "members(search)": (
        'query($id: ID!) { company(id: $id) { members(first: 5, search: "a") { totalCount } } }',
        lambda ids: {"id": ids["company"]},
        ("company", "members"),
        Role.L80_ADMIN,
    ),
    "erpContacts(search)": (
        "query($id: ID!) { company(id: $id) { "
        'erpContacts(first: 5, search: "a", unlinkedOnly: true) { totalCount } } }',
        lambda ids: {"id": ids["company"]},
        ("company", "erpContacts"),
        Role.L80_ADMIN,
    ),
    "auditLog(last)": (
        "query($id: ID!) { company(id: $id) { auditLog(last: 5) { totalCount } } }",
        lambda ids: {"id": ids["company"]},
        ("company", "auditLog"),
        Role.L80_ADMIN,
    ),
    "companySwitch": (
        gql.SWITCH,
        lambda ids: {"id": ids["company"]},
        ("companySwitch",),
        Role.L10_BASIC,
    ),
    "companyMemberCreate": (
        gql.MEMBER_CREATE,
        lambda ids: {"company": ids["company"], "input": gql.person(role="L10_BASIC")},
        ("companyMemberCreate",),
        Role.L80_ADMIN,
    ),
    "companyMemberAddFromContact": (
        gql.ADD_FROM_CONTACT,
        lambda ids: {
            "company": ids["company"],
            "contact": ids["contact"],
            "input": {"role": "L10_BASIC"},
        },
        ("companyMemberAddFromContact",),
        Role.L80_ADMIN,
    ),
    "companyMemberUpdate": (
        gql.MEMBER_UPDATE,
        lambda ids: {"id": ids["member"], "input": gql.person(role="L10_BASIC")},
        ("companyMemberUpdate",),
        Role.L80_ADMIN,
    ),
    "companyMemberDeactivate": (
        gql.DEACTIVATE,
        lambda ids: {"id": ids["member"]},
        ("companyMemberDeactivate",),
        Role.L80_ADMIN,
    ),
    "companyMemberActivate": (
        gql.ACTIVATE_MEMBER,
        lambda ids: {"id": ids["member"]},
        ("companyMemberActivate",),
        Role.L80_ADMIN,
    ),
    "companyBudgetSet": (
        gql.BUDGET_SET,
        lambda ids: {"id": ids["member"], "input": {"amount": "10", "period": "MONTHLY"}},
        ("companyBudgetSet",),
        Role.L80_ADMIN,
    ),
    "companyRequestCreate": (
        gql.REQUEST_CREATE,
        lambda ids: {"company": ids["company"], "input": {"kind": "OTHER", "message": "Hi"}},
        ("companyRequestCreate",),
        Role.L10_BASIC,
    ),
    "companyRequestApprove": (
        gql.REQUEST_APPROVE,
        lambda ids: {"id": ids["request"]},
        ("companyRequestApprove",),
        Role.L80_ADMIN,
    ),
    "companyRequestReject": (
        gql.REQUEST_REJECT,
        lambda ids: {"id": ids["request"], "reason": "No."},
        ("companyRequestReject",),
        Role.L80_ADMIN,
    ),
    "companyMemberImport": (
        """mutation($company: ID!, $csv: String!) {
          companyMemberImport(companyId: $company, csv: $csv) {
            errors { field code message } } }""",
        lambda ids: {
            "company": ids["company"],
            "csv": "salutation,first name,last name,email,role\nMs,Ann,Imp,ann@imp.example,L10",
        },
        ("companyMemberImport",),
        Role.L80_ADMIN,
    ),
    "companyOrderReorder": (
        """mutation($company: ID!, $order: ID!) {
          companyOrderReorder(companyId: $company, orderId: $order) {
            errors { field code message } } }""",
        lambda ids: {"company": ids["company"], "order": ids["order"]},
        ("companyOrderReorder",),
        Role.L20_ORDERS,
    ),
    "companyOwnershipTransfer": (
        gql.TRANSFER,
        lambda ids: {"company": ids["company"], "member": ids["member"]},
        ("companyOwnershipTransfer",),
        Role.L90_OWNER,
    ),
    "companySettingsUpdate": (
        quote_gql.SETTINGS_UPDATE,
        lambda ids: {"company": ids["company"], "input": {"poNumberRequired": True}},
        ("companySettingsUpdate",),
        Role.L80_ADMIN,
    ),
    # Quotes (issue 15): requests from L30 (or the right), decisions by L80 (or the right).
    "companyQuotes": (
        quote_gql.QUOTES,
        lambda ids: {"company": ids["company"]},
        ("companyQuotes",),
        Role.L30_ORDERS_PRICES,
    ),
    "companyQuote": (
        quote_gql.QUOTE,
        lambda ids: {"id": ids["quote"]},
        ("companyQuote",),
        Role.L30_ORDERS_PRICES,
    ),
    "companyQuoteRequestCreate": (
        quote_gql.REQUEST_CREATE,
        lambda ids: {"company": ids["company"], "input": quote_gql.request_input()},
        ("companyQuoteRequestCreate",),
        Role.L30_ORDERS_PRICES,
    ),
    "companyQuoteAccept": (
        quote_gql.ACCEPT,
        lambda ids: {"id": ids["quote"]},
        ("companyQuoteAccept",),
        Role.L80_ADMIN,
    ),
    "companyQuoteDecline": (
        quote_gql.DECLINE,
        lambda ids: {"id": ids["quote"]},
        ("companyQuoteDecline",),
        Role.L80_ADMIN,
    ),
    "quotationSend": (
        quote_gql.QUOTATION_SEND,
        lambda ids: {"id": ids["quote"], "input": quote_gql.quotation_input()},
        ("quotationSend",),
        STAFF_ONLY,
    ),
    "quotationRevise": (
        quote_gql.QUOTATION_REVISE,
        lambda ids: {"id": ids["quote"], "input": quote_gql.quotation_input()},
        ("quotationRevise",),
        STAFF_ONLY,
    ),
}

CELLS = [
    pytest.param(name, role, id=f"{name}-{role.name.lower()}_case")
    for name in OPERATIONS
    for role in Role
]


def _dig(answer: dict, path: tuple) -> object:
    node = answer["data"]
    for key in path:
        node = node[key] if node is not None else None
    return node


def _codes(answer: dict, path: tuple) -> list[str]:
    node = _dig(answer, path)
    if isinstance(node, dict) and "errors" in node:
        return [error["code"] for error in node["errors"]]
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


@pytest.mark.parametrize(("name", "role"), CELLS)
def test_role_table(api, world, name, role):
    document, variables, path, lowest = OPERATIONS[name]
    if role == Role.L90_OWNER:
        actor = MembershipFactory(company=world.company, role=role)
    else:
        MembershipFactory(company=world.company, role=Role.L90_OWNER)
        actor = MembershipFactory(company=world.company, role=role)
    answer = api.as_user(actor.user).post(document, variables(_ids(world)))
    codes = _codes(answer, path)
    if role >= lowest:
        assert codes == [], answer
    else:
        assert codes == ["PERMISSION_DENIED"], answer
        assert not AuditEntry.objects.exists()
        assert _dig(answer, path) is None or "errors" in _dig(answer, path)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_another_company_answers_like_a_missing_id(api, world, name):
    document, variables, _, _ = OPERATIONS[name]
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    stranger_api = api.as_user(stranger.user)
    foreign = stranger_api.post(document, variables(_ids(world)))
    missing = stranger_api.post(document, variables(_ids(world, missing=True)))
    assert foreign == missing
    assert not AuditEntry.objects.exists()


def test_foreign_contact_answers_like_a_missing_one(api, world):
    admin = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    document, variables, _, _ = OPERATIONS["companyMemberAddFromContact"]
    own = {"company": gql.company_id(admin.company)}
    foreign = api.as_user(admin.user).post(document, variables({**_ids(world), **own}))
    missing = api.as_user(admin.user).post(
        document, variables({**_ids(world, missing=True), **own})
    )
    assert foreign == missing
    assert foreign["data"]["companyMemberAddFromContact"]["errors"][0]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("name", [*OPERATIONS, "myCompanies"])
def test_anonymous_is_refused(api, world, name):
    if name == "myCompanies":
        answer = api.post(gql.MY_COMPANIES)
        assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        return
    document, variables, path, _ = OPERATIONS[name]
    answer = api.post(document, variables(_ids(world)))
    assert _codes(answer, path) == ["PERMISSION_DENIED"], answer
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", ["members", "erpContacts", "requests", "auditLog"])
def test_staff_reads_the_access_lists(api, world, staff_user, name):
    document, variables, path, _ = OPERATIONS[name]
    answer = api.as_user(staff_user).post(document, variables(_ids(world)))
    assert "errors" not in answer
    assert _dig(answer, path)["totalCount"] >= 1 or name == "auditLog"


def test_admin_grants_up_to_its_own_level_never_owner(api, world):
    admin = MembershipFactory(company=world.company, role=Role.L80_ADMIN)
    for role, expected in [("L80_ADMIN", []), ("L90_OWNER", ["PERMISSION_DENIED"])]:
        answer = api.as_user(admin.user).post(
            gql.MEMBER_UPDATE,
            {"id": gql.member_id(world.target), "input": gql.person(role=role)},
        )
        assert _codes(answer, ("companyMemberUpdate",)) == expected


def test_admin_does_not_manage_the_owner_nor_a_lower_admin_raise_above_itself(api, world):
    admin = MembershipFactory(company=world.company, role=Role.L80_ADMIN)
    peer = MembershipFactory(company=world.company, role=Role.L80_ADMIN)
    billing = MembershipFactory(company=world.company, role=Role.L40_BILLING)
    owner = MembershipFactory(company=world.company, role=Role.L90_OWNER)
    # A peer admin: allowed (up to its own level).
    answer = api.as_user(admin.user).post(gql.DEACTIVATE, {"id": gql.member_id(peer)})
    assert _codes(answer, ("companyMemberDeactivate",)) == []
    # A Billing member may not give Admin (its own level is lower).
    billing_admin = MembershipFactory(company=world.company, role=Role.L40_BILLING)
    answer = api.as_user(billing_admin.user).post(
        gql.MEMBER_UPDATE, {"id": gql.member_id(billing), "input": gql.person(role="L80_ADMIN")}
    )
    assert _codes(answer, ("companyMemberUpdate",)) == ["PERMISSION_DENIED"]
    for document, path in [
        (gql.DEACTIVATE, ("companyMemberDeactivate",)),
        (gql.BUDGET_SET, ("companyBudgetSet",)),
    ]:
        variables = {"id": gql.member_id(owner)}
        if document is gql.BUDGET_SET:
            variables["input"] = {"amount": "1", "period": "TOTAL"}
        assert _codes(api.as_user(admin.user).post(document, variables), path) == [
            "PERMISSION_DENIED"
        ]


def test_a_demotion_takes_effect_on_the_next_request(api, world):
    owner = MembershipFactory(company=world.company, role=Role.L90_OWNER)
    admin = MembershipFactory(company=world.company, role=Role.L80_ADMIN)
    admin_api = api.as_user(admin.user)
    document, variables, path, _ = OPERATIONS["members"]
    assert _codes(admin_api.post(document, variables(_ids(world))), path) == []
    api.as_user(owner.user).post(
        gql.MEMBER_UPDATE,
        {
            "id": gql.member_id(admin),
            "input": gql.person(email=admin.user.email, role="L20_ORDERS"),
        },
    )
    assert _codes(admin_api.post(document, variables(_ids(world))), path) == ["PERMISSION_DENIED"]


def test_every_access_mutation_has_a_row_in_the_table():
    import graphene

    from saleor_customer_center.graphql.access.schema import AccessMutations

    open_to_anyone = {"companyActivate", "setPasswordWithToken"}
    names = {
        graphene.utils.str_converters.to_camel_case(name)
        for name, value in vars(AccessMutations).items()
        if isinstance(value, graphene.Field)
    }
    assert names - open_to_anyone <= set(OPERATIONS)
    assert len(names) == 15


def test_every_quote_operation_has_a_row_in_the_table():
    import graphene

    from saleor_customer_center.graphql.quotes.schema import QuoteMutations, QuoteQueries

    names = {
        graphene.utils.str_converters.to_camel_case(name)
        for area in (QuoteQueries, QuoteMutations)
        for name, value in vars(area).items()
        if isinstance(value, graphene.Field | graphene.relay.ConnectionField)
    }
    assert names == {
        "companyQuotes",
        "companyQuote",
        "companyQuoteRequestCreate",
        "companyQuoteAccept",
        "companyQuoteDecline",
        "quotationSend",
        "quotationRevise",
    }
    assert names <= set(OPERATIONS)
