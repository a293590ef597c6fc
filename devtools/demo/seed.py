"""The demo data set, made the way a shop would make it; idempotent.

- The plugin is switched on and configured with Saleor's own ``pluginUpdate`` mutation, as
  the Dashboard does, by the demo's staff user.
- The catalog is rows of Saleor's tables (``devtools/shop_catalog.py``).
- Every demo order is placed through Saleor's GraphQL checkout by the member who owns it
  (``devtools/storefront.py``); its date and status are then set back in time to make a
  history (fulfilled, cancelled through Saleor's ``cancel_order``).
- Companies, contacts and ERP documents are what the ERP sync would have stored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone
from saleor.account.models import User
from saleor.order import FulfillmentStatus, OrderStatus
from saleor.order.models import Fulfillment, Order
from saleor.permission.models import Permission

from devtools import shop_catalog
from devtools.storefront import Storefront
from saleor_customer_center import saleor
from saleor_customer_center.models import (
    Company,
    CompanyOrder,
    ErpContact,
    Invoice,
    Membership,
    OpenItem,
    Payment,
    UserPreference,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets

from .data import DEMO_PASSWORD, STAFF_LOGIN

PRODUCTS = [
    ("DRL-100", "Cordless drill 18V", Decimal("129.00")),
    ("SAW-220", "Circular saw", Decimal("189.00")),
    ("BIT-SET", "Drill bit set (50)", Decimal("24.50")),
    ("GLV-XL", "Work gloves XL (10 pairs)", Decimal("39.90")),
    ("LDR-3M", "Aluminium ladder 3 m", Decimal("149.00")),
]
STOREFRONT_APP = "Demo storefront"

PLUGIN_UPDATE = """
mutation($input: PluginUpdateInput!) {
  pluginUpdate(id: "saleor.customer_center", input: $input) {
    plugin { id globalConfiguration { active } }
    errors { field code message } } }"""


def seed(base_url: str, say=print) -> None:
    """Everything the demo shows; a second run changes only the plugin's settings."""
    staff = _staff_user()
    _configure_plugin(staff, base_url)
    if Company.objects.filter(customer_number="C10001").exists():
        say("Demo data already seeded.")
        return
    say("Seeding the demo data (orders through Saleor's checkout) ...")
    # One transaction, so a failed seed leaves nothing half-made. Saleor's API reads through
    # its replica alias, a second connection: while seeding it is this connection, or the
    # checkouts the seed just made through the API would be invisible to the API itself.
    from django.conf import settings
    from django.db import connections

    replica = settings.DATABASE_CONNECTION_REPLICA_NAME
    separate = connections[replica]
    connections[replica] = connections[settings.DATABASE_CONNECTION_DEFAULT_NAME]
    try:
        with transaction.atomic():
            _seed()
            _erp_history()
    finally:
        connections[replica] = separate
    say("Demo data seeded.")


def storefront_app_token() -> str:
    """A fresh token of the demo storefront app (Saleor app allowed to act for buyers)."""
    from saleor.app.models import App, AppToken

    app = App.objects.filter(name=STOREFRONT_APP).first()
    if app is None:
        return shop_catalog.app_token(
            "account.impersonate_user", "checkout.handle_checkouts", name=STOREFRONT_APP
        )
    app.tokens.all().delete()
    _, raw = AppToken.objects.create(app=app, name="demo")
    return raw


def _client() -> Client:
    return Client(HTTP_HOST="localhost")


def _user(email: str, first: str, last: str, **extra: Any) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last, **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _staff_user() -> User:
    staff = _user(STAFF_LOGIN["email"], "Sam", "Operator", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["account", "plugins"],
            codename__in=["manage_users", "manage_plugins"],
        )
    )
    return staff


def _configure_plugin(staff: User, base_url: str) -> None:
    values = {
        "shop_name": "Demo Hardware Shop",
        "sender_email": "customer-center@shop.example",
        "new_orders_enabled": "true",
        "erp_push_secret": "demo-push-secret",
        # The demo storefront: its checkout page completes quick orders (devtools/demo/views.py).
        "storefront_url": f"{base_url}/demo-storefront",
    }
    answer = Storefront(staff, _client()).gql(
        PLUGIN_UPDATE,
        {
            "input": {
                "active": True,
                "configuration": [{"name": k, "value": v} for k, v in values.items()],
            }
        },
    )["pluginUpdate"]
    if answer["errors"]:
        raise RuntimeError(f"Saleor refused the plugin's settings: {answer['errors']}")


def _erp_history() -> None:
    """Three invoice imports of the last two weeks, one record rejected, so the console's
    ERP page shows runs, its chart and a rejected record with its field at fault."""
    import json
    import tempfile

    from saleor_customer_center.erp import sync as erp_sync
    from saleor_customer_center.models import ErpSyncRun

    today = timezone.localdate()
    for days_ago, count, bad in ((12, 40, False), (5, 80, True), (1, 60, False)):
        records = [
            {
                "customerNumber": "C10001",
                "invoiceNumber": f"INV-ERP-{days_ago:02d}{n:03d}",
                "issueDate": (today - dt.timedelta(days=days_ago)).isoformat(),
                "currency": "USD",
                "grossAmount": f"{100 + n}.00",
            }
            for n in range(count)
        ]
        if bad:
            records[7]["grossAmount"] = "12,50"  # a decimal comma: rejected and kept
        with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as feed:
            feed.write("".join(json.dumps(record) + "\n" for record in records))
        run = erp_sync.import_file("invoice", feed.name)
        started = timezone.now() - dt.timedelta(days=days_ago)
        ErpSyncRun.objects.filter(pk=run.pk).update(
            started_at=started, finished_at=started + dt.timedelta(seconds=4)
        )


def _seed() -> None:
    today = timezone.localdate()
    shop_catalog.channel(shop_catalog.CHANNEL, ship_to=shop_catalog.ALL_COUNTRIES)
    variants = {
        sku: shop_catalog.variant(price, sku=sku, name=name, stock=500)
        for sku, name, price in PRODUCTS
    }

    alpine = Company.objects.create(
        customer_number="C10001",
        name="Alpine Tools GmbH",
        uin="ATU-4711",
        vat_number="ATU12345678",
        currency="USD",
        customer_center_enabled=True,
        admin_email="owner@alpine.example",
        addresses=[
            {
                "type": "billing",
                "companyName": "Alpine Tools GmbH",
                "street": "Bergstrasse 1",
                "city": "Innsbruck",
                "postalCode": "6020",
                "country": "AT",
            },
            {
                "type": "shipping",
                "companyName": "Alpine Tools GmbH",
                "street": "Lagerweg 7",
                "city": "Innsbruck",
                "postalCode": "6020",
                "country": "AT",
            },
        ],
    )
    baltic = Company.objects.create(
        customer_number="C10002",
        name="Baltic Supplies Ltd",
        uin="LV-200",
        vat_number="LV40003",
        currency="USD",
        customer_center_enabled=True,
        admin_email="owner@baltic.example",
        addresses=[
            {
                "type": "billing",
                "companyName": "Baltic Supplies Ltd",
                "street": "Brivibas iela 10",
                "city": "Riga",
                "postalCode": "LV-1010",
                "country": "LV",
            }
        ],
    )
    coastal = Company.objects.create(
        customer_number="C10003",
        name="Coastal Retail Inc",
        uin="US-300",
        currency="USD",
        customer_center_enabled=True,
        admin_email="main@coastal.example",
    )
    delta = Company.objects.create(
        customer_number="C10004",
        name="Delta Crafts",
        uin="US-400",
        currency="USD",
        customer_center_enabled=False,
        admin_email="main@delta.example",
    )

    roster = [
        ("owner@alpine.example", "Olivia", "Owner", Role.L90_OWNER, True),
        ("admin@alpine.example", "Adam", "Admin", Role.L80_ADMIN, False),
        ("billing@alpine.example", "Bella", "Billing", Role.L40_BILLING, False),
        ("buyer@alpine.example", "Ben", "Buyer", Role.L30_ORDERS_PRICES, False),
        ("orders@alpine.example", "Otto", "Orders", Role.L20_ORDERS, False),
        ("basic@alpine.example", "Bea", "Basic", Role.L10_BASIC, False),
    ]
    members: dict[str, Membership] = {}
    for number, (email, first, last, role, main) in enumerate(roster, start=1):
        contact = ErpContact.objects.create(
            company=alpine,
            contact_number=f"K1-{number:03d}",
            salutation="Mx",
            first_name=first,
            last_name=last,
            email=email,
            is_main_contact=main,
        )
        members[email] = Membership.objects.create(
            user=_user(email, first, last),
            company=alpine,
            role=role,
            erp_contact=contact,
            salutation="Mx",
        )
    # ERP contacts that are not shop users yet (to add from the Users page).
    for number, (first, last) in enumerate([("Carla", "Contact"), ("Dario", "Driver")], start=7):
        ErpContact.objects.create(
            company=alpine,
            contact_number=f"K1-{number:03d}",
            salutation="Mx",
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@alpine.example",
        )

    baltic_contact = ErpContact.objects.create(
        company=baltic,
        contact_number="K2-001",
        first_name="Bruno",
        last_name="Baltic",
        email="owner@baltic.example",
        is_main_contact=True,
    )
    Membership.objects.create(
        user=_user("owner@baltic.example", "Bruno", "Baltic"),
        company=baltic,
        role=Role.L90_OWNER,
        erp_contact=baltic_contact,
    )
    Membership.objects.create(
        user=members["buyer@alpine.example"].user, company=baltic, role=Role.L80_ADMIN
    )

    for company, email in ((coastal, "main@coastal.example"), (delta, "main@delta.example")):
        ErpContact.objects.create(
            company=company,
            contact_number=f"K{company.customer_number[-1]}-001",
            first_name="Morgan",
            last_name="Main",
            email=email,
            is_main_contact=True,
        )
    Invoice.objects.create(
        company=coastal,
        invoice_number="INV-30001",
        issue_date=today - dt.timedelta(days=20),
        due_date=today + dt.timedelta(days=10),
        currency="USD",
        gross_amount=Decimal("480.00"),
    )
    Invoice.objects.create(
        company=delta,
        invoice_number="INV-40001",
        issue_date=today - dt.timedelta(days=15),
        currency="USD",
        gross_amount=Decimal("99.00"),
        status="paid",
    )

    _order_history(members, variants)
    _billing(alpine, today)

    # 945 of 1,000 spent this month: one more drill (129.00) is refused at checkout.
    buyer = members["buyer@alpine.example"]
    # The buyer works for two companies: this order is for Alpine. The preference goes
    # again, so their first sign-in asks which company (flow 3).
    UserPreference.objects.create(user=buyer.user, current_company=alpine)
    _place(buyer, [(variants["SAW-220"], 5)], days_ago=0)
    UserPreference.objects.filter(user=buyer.user).delete()
    budgets.set_budget(buyer, Decimal("1000.00"), "USD", "monthly", start_date=today.replace(day=1))


def _place(membership: Membership, lines, days_ago: int, status: str | None = None) -> Order:
    """One order through Saleor's checkout, by the member, then moved back in time."""
    storefront = Storefront(membership.user, _client())
    result = storefront.buy(lines)
    if result.errors:
        raise RuntimeError(f"Saleor refused a demo order: {result.errors}")
    order = result.saleor_order
    if days_ago:
        created = timezone.now() - dt.timedelta(days=days_ago)
        Order.objects.filter(pk=order.pk).update(created_at=created)
        CompanyOrder.objects.filter(order=order).update(created_at=created)
        order.created_at = created
    if status == OrderStatus.CANCELED:
        saleor.cancel_order(order, membership.user)
    elif status in (OrderStatus.FULFILLED, OrderStatus.PARTIALLY_FULFILLED):
        Fulfillment.objects.create(order=order, status=FulfillmentStatus.FULFILLED)
        Order.objects.filter(pk=order.pk).update(status=status)
    return order


def _order_history(members: dict[str, Membership], variants) -> None:
    statuses = [
        OrderStatus.UNFULFILLED,
        OrderStatus.UNFULFILLED,
        OrderStatus.FULFILLED,
        OrderStatus.CANCELED,
        OrderStatus.UNFULFILLED,
        OrderStatus.PARTIALLY_FULFILLED,
        OrderStatus.FULFILLED,
        OrderStatus.UNFULFILLED,
    ]
    placers = ["orders@alpine.example", "admin@alpine.example", "billing@alpine.example"]
    skus = list(variants)
    for index, status in enumerate(statuses):
        lines = [
            (variants[skus[index % len(skus)]], index % 3 + 1),
            (variants[skus[(index + 2) % len(skus)]], index % 3 + 1),
        ]
        _place(members[placers[index % len(placers)]], lines, days_ago=index * 9 + 1, status=status)


def _billing(company: Company, today: dt.date) -> None:
    for number in range(1, 7):
        issued = today - dt.timedelta(days=number * 12)
        amount = Decimal(150 * number)
        status = "paid" if number > 3 else "open"
        Invoice.objects.create(
            company=company,
            invoice_number=f"INV-1000{number}",
            issue_date=issued,
            due_date=issued + dt.timedelta(days=30),
            currency="USD",
            gross_amount=amount,
            net_amount=(amount / Decimal("1.2")).quantize(Decimal("0.01")),
            status=status,
        )
        if status == "open":
            OpenItem.objects.create(
                company=company,
                document_number=f"OI-1000{number}",
                invoice_number=f"INV-1000{number}",
                due_date=issued + dt.timedelta(days=30),
                currency="USD",
                amount_due=amount,
                original_amount=amount,
            )
        else:
            Payment.objects.create(
                company=company,
                payment_number=f"PAY-1000{number}",
                date=issued + dt.timedelta(days=20),
                currency="USD",
                amount=amount,
                method="bank transfer",
                invoice_numbers=[f"INV-1000{number}"],
            )
