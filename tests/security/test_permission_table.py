"""Every operation of the schema, tried by every kind of caller.

One table drives it: for each operation, the caller kinds that are allowed; every other
caller is refused with PERMISSION_DENIED, or, when it names an object of a company it is
not a member of, with the NOT_FOUND answer that equals the one for a nonexistent id, byte
for byte. A refused call leaves the database exactly as it was (Saleor once wrote a
change while answering PermissionDenied). An operation added to the schema without a row
here fails ``test_every_operation_has_a_row``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from saleor_customer_center.graphql.schema import schema
from saleor_customer_center.roles import Role
from tests.quotes import gql as quote_gql

from .world import ACTORS, World, build_world, database_digest

ALLOWED, DENIED, NOT_FOUND = "allowed", "denied", "not_found"
MISSING = 987654321


@dataclass(frozen=True)
class Row:
    document: str
    variables: Callable[[World], dict] = lambda w: {}
    # The same call naming objects that do not exist (for the NOT_FOUND comparison).
    missing: Callable[[World], dict] | None = None
    minimum: Role | None = None  # lowest role of the company allowed; None: no member
    staff: bool = False  # staff with MANAGE_USERS (and MANAGE_PLUGINS) allowed
    public: bool = False  # anyone, signed in or not
    outsider_allowed: bool = False  # needs no membership (myCompanies)
    # Callers outside the company get NOT_FOUND (they name its objects); else DENIED.
    names_company_objects: bool = True
    staff_outcome: str | None = None  # when staff is refused: how
    extra: dict = field(default_factory=dict)


def company_field(selection: str) -> str:
    return f"query($id: ID!) {{ company(id: $id) {{ {selection} }} }}"


def company_vars(w: World) -> dict:
    return {"id": w.gid("Company", w.company.pk)}


def missing_company(w: World) -> dict:
    return {"id": w.gid("Company", MISSING)}


ERRORS = "errors { field code message }"
IMPORT_CSV = "salutation,first name,last name,email,role\nMs,Ann,Imp,ann@target.example,L10\n"

TABLE: dict[str, Row] = {
    # Queries ----------------------------------------------------------------------------
    "myCompanies": Row(
        "{ myCompanies { company { id } role isCurrent } }",
        minimum=Role.L10_BASIC,
        staff=True,
        outsider_allowed=True,
        names_company_objects=False,
    ),
    "company": Row(
        company_field("id name customerNumber uin vatNumber customerCenterEnabled"),
        company_vars,
        missing_company,
        minimum=Role.L10_BASIC,
        staff=True,
    ),
    "company.summary": Row(
        company_field("summary { ordersThisMonth invoicesThisMonth amountDue }"),
        company_vars,
        missing_company,
        minimum=Role.L10_BASIC,
        staff=True,
    ),
    "company.orders": Row(
        company_field("orders(first: 5) { totalCount edges { node { id number } } }"),
        company_vars,
        missing_company,
        minimum=Role.L20_ORDERS,
        staff=True,
    ),
    "company.invoices": Row(
        company_field("invoices(first: 5) { totalCount }"),
        company_vars,
        missing_company,
        minimum=Role.L40_BILLING,
        staff=True,
    ),
    "company.duePayments": Row(
        company_field("duePayments(first: 5) { totalCount }"),
        company_vars,
        missing_company,
        minimum=Role.L40_BILLING,
        staff=True,
    ),
    "company.payments": Row(
        company_field("payments(first: 5) { totalCount }"),
        company_vars,
        missing_company,
        minimum=Role.L40_BILLING,
        staff=True,
    ),
    "company.members": Row(
        company_field("members(first: 5) { totalCount edges { node { id email } } }"),
        company_vars,
        missing_company,
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "company.erpContacts": Row(
        company_field("erpContacts(first: 5) { totalCount edges { node { id email } } }"),
        company_vars,
        missing_company,
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "company.requests": Row(
        company_field("requests(first: 5) { totalCount }"),
        company_vars,
        missing_company,
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "company.auditLog": Row(
        company_field("auditLog(first: 5) { totalCount }"),
        company_vars,
        missing_company,
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "order": Row(
        "query($id: ID!) { order(id: $id) { id number status } }",
        lambda w: {"id": w.gid("Order", w.order_link.order_id)},
        lambda w: {"id": w.gid("Order", "00000000-0000-4000-8000-000000000000")},
        minimum=Role.L20_ORDERS,
        staff=True,
    ),
    "companies": Row(
        "{ companies(first: 5) { totalCount } }",
        staff=True,
        names_company_objects=False,
    ),
    "erpSyncRuns": Row(
        "{ erpSyncRuns(first: 5) { totalCount } }",
        staff=True,
        names_company_objects=False,
    ),
    "erpRejectedRecords": Row(
        "{ erpRejectedRecords(first: 5) { totalCount } }",
        staff=True,
        names_company_objects=False,
    ),
    # Mutations --------------------------------------------------------------------------
    "companyActivate": Row(
        f"mutation($input: CompanyActivateInput!) {{ companyActivate(input: $input) {{ "
        f"businessUser {ERRORS} }} }}",
        lambda w: {"input": w.activation},
        public=True,
    ),
    "setPasswordWithToken": Row(
        f"mutation($token: String!, $email: String!, $password: String!) {{ "
        f"setPasswordWithToken(token: $token, email: $email, password: $password) "
        f"{{ ok {ERRORS} }} }}",
        lambda w: {
            "token": w.set_password_token,
            "email": w.victim.user.email,
            "password": "A-new-and-long-pass-2026",
        },
        public=True,
    ),
    "companySwitch": Row(
        f"mutation($id: ID!) {{ companySwitch(companyId: $id) {{ {ERRORS} }} }}",
        company_vars,
        missing_company,
        minimum=Role.L10_BASIC,
        staff_outcome=NOT_FOUND,
    ),
    "companyMemberCreate": Row(
        f"mutation($id: ID!, $input: CompanyMemberInput!) {{ companyMemberCreate(companyId: $id,"
        f" input: $input) {{ {ERRORS} }} }}",
        lambda w: {
            **company_vars(w),
            "input": {
                "salutation": "Mx",
                "firstName": "New",
                "lastName": "Person",
                "email": "new.person@target.example",
                "role": "L10_BASIC",
            },
        },
        lambda w: {
            **missing_company(w),
            "input": {
                "salutation": "Mx",
                "firstName": "New",
                "lastName": "Person",
                "email": "new.person@target.example",
                "role": "L10_BASIC",
            },
        },
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyMemberAddFromContact": Row(
        f"mutation($id: ID!, $contact: ID!, $input: CompanyMemberAddFromContactInput!) {{ "
        f"companyMemberAddFromContact(companyId: $id, contactId: $contact, input: $input) "
        f"{{ {ERRORS} }} }}",
        lambda w: {
            **company_vars(w),
            "contact": w.gid("ErpContact", w.contact.pk),
            "input": {"role": "L10_BASIC"},
        },
        lambda w: {
            **missing_company(w),
            "contact": w.gid("ErpContact", MISSING),
            "input": {"role": "L10_BASIC"},
        },
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyMemberUpdate": Row(
        f"mutation($id: ID!, $input: CompanyMemberInput!) {{ companyMemberUpdate(id: $id, "
        f"input: $input) {{ {ERRORS} }} }}",
        lambda w: {
            "id": w.gid("CompanyMember", w.victim.pk),
            "input": {
                "salutation": "Dr",
                "firstName": "Vic",
                "lastName": "Tim",
                "email": w.victim.user.email,
                "role": "L20_ORDERS",
            },
        },
        lambda w: {
            "id": w.gid("CompanyMember", MISSING),
            "input": {
                "salutation": "Dr",
                "firstName": "Vic",
                "lastName": "Tim",
                "email": w.victim.user.email,
                "role": "L20_ORDERS",
            },
        },
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyMemberDeactivate": Row(
        f"mutation($id: ID!) {{ companyMemberDeactivate(id: $id) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyMember", w.victim.pk)},
        lambda w: {"id": w.gid("CompanyMember", MISSING)},
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "companyMemberActivate": Row(
        f"mutation($id: ID!) {{ companyMemberActivate(id: $id) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyMember", w.inactive.pk)},
        lambda w: {"id": w.gid("CompanyMember", MISSING)},
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "companyBudgetSet": Row(
        f"mutation($id: ID!, $input: CompanyBudgetInput!) {{ companyBudgetSet(memberId: $id, "
        f"input: $input) {{ {ERRORS} }} }}",
        lambda w: {
            "id": w.gid("CompanyMember", w.victim.pk),
            "input": {"amount": "500", "currency": "USD", "period": "MONTHLY"},
        },
        lambda w: {
            "id": w.gid("CompanyMember", MISSING),
            "input": {"amount": "500", "currency": "USD", "period": "MONTHLY"},
        },
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyOwnershipTransfer": Row(
        f"mutation($id: ID!, $member: ID!) {{ companyOwnershipTransfer(companyId: $id, "
        f"memberId: $member) {{ {ERRORS} }} }}",
        lambda w: {**company_vars(w), "member": w.gid("CompanyMember", w.heir.pk)},
        lambda w: {**missing_company(w), "member": w.gid("CompanyMember", MISSING)},
        minimum=Role.L90_OWNER,
        staff=True,
    ),
    "companyRequestCreate": Row(
        f"mutation($id: ID!, $input: CompanyRequestCreateInput!) {{ companyRequestCreate("
        f"companyId: $id, input: $input) {{ {ERRORS} }} }}",
        lambda w: {**company_vars(w), "input": {"kind": "OTHER", "message": "Hello"}},
        lambda w: {**missing_company(w), "input": {"kind": "OTHER", "message": "Hello"}},
        minimum=Role.L10_BASIC,
        staff_outcome=NOT_FOUND,
    ),
    "companyRequestApprove": Row(
        f"mutation($id: ID!) {{ companyRequestApprove(id: $id) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyRequest", w.request.pk)},
        lambda w: {"id": w.gid("CompanyRequest", MISSING)},
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "companyRequestReject": Row(
        f'mutation($id: ID!) {{ companyRequestReject(id: $id, reason: "No") {{ {ERRORS} }} }}',
        lambda w: {"id": w.gid("CompanyRequest", w.request.pk)},
        lambda w: {"id": w.gid("CompanyRequest", MISSING)},
        minimum=Role.L80_ADMIN,
        staff=True,
    ),
    "companyOrderCancel": Row(
        f"mutation($id: ID!, $order: ID!) {{ companyOrderCancel(companyId: $id, orderId: $order)"
        f" {{ {ERRORS} }} }}",
        lambda w: {**company_vars(w), "order": w.gid("Order", w.order_link.order_id)},
        lambda w: {
            **missing_company(w),
            "order": w.gid("Order", "00000000-0000-4000-8000-000000000000"),
        },
        # The world's order is a colleague's: L20 to L40 cancel only their own
        # (tests/orders/test_orders_api.py::test_cancel_by_role), L80 and up any.
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyCheckoutCreate": Row(
        f"mutation($id: ID!, $input: CompanyCheckoutCreateInput!) {{ companyCheckoutCreate("
        f"companyId: $id, input: $input) {{ checkout {{ token }} {ERRORS} }} }}",
        lambda w: {
            **company_vars(w),
            "input": {"channel": "default-channel", "lines": [{"sku": "SKU-T1", "quantity": 1}]},
        },
        lambda w: {
            **missing_company(w),
            "input": {"channel": "default-channel", "lines": [{"sku": "SKU-T1", "quantity": 1}]},
        },
        minimum=Role.L20_ORDERS,
        staff_outcome=NOT_FOUND,
    ),
    "companyOrderReorder": Row(
        f"mutation($id: ID!, $order: ID!) {{ companyOrderReorder(companyId: $id, orderId: $order)"
        f" {{ checkout {{ token }} {ERRORS} }} }}",
        lambda w: {**company_vars(w), "order": w.gid("Order", w.order_link.order_id)},
        lambda w: {
            **missing_company(w),
            "order": w.gid("Order", "00000000-0000-4000-8000-000000000000"),
        },
        minimum=Role.L20_ORDERS,
        staff_outcome=NOT_FOUND,
    ),
    "companyMemberImport": Row(
        f"mutation($id: ID!, $csv: String!) {{ companyMemberImport(companyId: $id, csv: $csv,"
        f" confirm: true) {{ memberImport {{ total }} {ERRORS} }} }}",
        lambda w: {**company_vars(w), "csv": IMPORT_CSV},
        lambda w: {**missing_company(w), "csv": IMPORT_CSV},
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyBlockSet": Row(
        f'mutation($id: ID!) {{ companyBlockSet(id: $id, blocked: true, reason: "x") '
        f"{{ {ERRORS} }} }}",
        company_vars,
        staff=True,
        names_company_objects=False,
    ),
    # Quotes and company settings (issue 15) ----------------------------------------------
    "company.poNumberRequired": Row(
        company_field("poNumberRequired"),
        company_vars,
        missing_company,
        minimum=Role.L10_BASIC,
        staff=True,
    ),
    "companySettingsUpdate": Row(
        f"mutation($id: ID!) {{ companySettingsUpdate(companyId: $id, input: "
        f"{{poNumberRequired: true}}) {{ {ERRORS} }} }}",
        company_vars,
        missing_company,
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyQuotes": Row(
        "query($id: ID!) { companyQuotes(companyId: $id, first: 5) { totalCount } }",
        company_vars,
        missing_company,
        minimum=Role.L30_ORDERS_PRICES,
        staff=True,
    ),
    "companyQuote": Row(
        "query($id: ID!) { companyQuote(id: $id) { id status } }",
        lambda w: {"id": w.gid("CompanyQuote", w.quote.pk)},
        lambda w: {"id": w.gid("CompanyQuote", MISSING)},
        minimum=Role.L30_ORDERS_PRICES,
        staff=True,
    ),
    "companyQuoteRequestCreate": Row(
        f"mutation($id: ID!, $input: CompanyQuoteRequestCreateInput!) {{ "
        f"companyQuoteRequestCreate(companyId: $id, input: $input) {{ {ERRORS} }} }}",
        lambda w: {**company_vars(w), "input": quote_gql.request_input()},
        lambda w: {**missing_company(w), "input": quote_gql.request_input()},
        minimum=Role.L30_ORDERS_PRICES,
        staff_outcome=NOT_FOUND,
    ),
    "companyQuoteAccept": Row(
        f"mutation($id: ID!) {{ companyQuoteAccept(id: $id) {{ checkout {{ token }} {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyQuote", w.quote.pk)},
        lambda w: {"id": w.gid("CompanyQuote", MISSING)},
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "companyQuoteDecline": Row(
        f"mutation($id: ID!) {{ companyQuoteDecline(id: $id) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyQuote", w.quote.pk)},
        lambda w: {"id": w.gid("CompanyQuote", MISSING)},
        minimum=Role.L80_ADMIN,
        staff_outcome=NOT_FOUND,
    ),
    "quotationSend": Row(
        f"mutation($id: ID!, $input: QuotationInput!) {{ quotationSend(quoteId: $id, "
        f"input: $input) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyQuote", w.quote.pk), "input": quote_gql.quotation_input()},
        staff=True,
        names_company_objects=False,
    ),
    "quotationRevise": Row(
        f"mutation($id: ID!, $input: QuotationInput!) {{ quotationRevise(quoteId: $id, "
        f"input: $input) {{ {ERRORS} }} }}",
        lambda w: {"id": w.gid("CompanyQuote", w.quote.pk), "input": quote_gql.quotation_input()},
        staff=True,
        names_company_objects=False,
    ),
    "erpRejectedRecordsRetry": Row(
        f'mutation {{ erpRejectedRecordsRetry(kind: "invoice") {{ {ERRORS} }} }}',
        staff=True,
        names_company_objects=False,
    ),
}


def expected(row: Row, actor: str) -> str:
    if row.public:
        return ALLOWED
    if actor == "anonymous":
        return DENIED
    if actor == "staff":
        if row.staff:
            return ALLOWED
        return row.staff_outcome or DENIED
    if actor == "outsider":
        if row.outsider_allowed:
            return ALLOWED
        return NOT_FOUND if row.names_company_objects and row.minimum else DENIED
    role = Role[actor]
    if row.minimum is None:
        return DENIED
    return ALLOWED if role >= row.minimum else DENIED


def codes(body: dict) -> list[str]:
    found = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
    for value in (body.get("data") or {}).values():
        if isinstance(value, dict) and isinstance(value.get("errors"), list):
            found += [error["code"] for error in value["errors"]]
    return found


def top(body: dict):
    data = body.get("data") or {}
    return next(iter(data.values()), None) if data else None


CASES = [(name, actor) for name in TABLE for actor in ACTORS]


def test_every_operation_has_a_row():
    type_map = schema.get_type_map()
    operations = set(type_map["Query"].fields) | set(type_map["Mutation"].fields)
    company_fields = {f"company.{name}" for name in type_map["Company"].fields} - {
        "company.id",
        "company.name",
        "company.customerNumber",
        "company.uin",
        "company.vatNumber",
        "company.customerCenterEnabled",
    }
    assert operations | company_fields == set(TABLE)


@pytest.mark.parametrize(("operation", "actor"), CASES, ids=[f"{o}-{a}" for o, a in CASES])
@pytest.mark.django_db
def test_permission_table(api, operation, actor):
    world = build_world()
    row = TABLE[operation]
    caller = api.as_user(world.user(actor))
    outcome = expected(row, actor)
    before = database_digest()
    body = caller.post(row.document, row.variables(world))
    found = codes(body)
    if outcome == ALLOWED:
        assert found == [], body
        assert top(body) is not None, body
        return
    assert database_digest() == before, "a refused call changed the database"
    if outcome == DENIED:
        assert "PERMISSION_DENIED" in found, body
        return
    # NOT_FOUND: exactly the answer for an object that does not exist.
    assert "PERMISSION_DENIED" not in found, body
    assert row.missing is not None
    assert body == caller.post(row.document, row.missing(world)), body
