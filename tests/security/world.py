"""One company with a member of every role, another company, staff, and their objects:
the world every cell of the permission table is tried in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from graphql_relay import to_global_id
from saleor.permission.models import Permission

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyRequest, ErpRejectedRecord, Membership
from saleor_customer_center.roles import Role
from saleor_customer_center.services import tokens
from tests import shop
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    UserFactory,
)
from tests.quotes.conftest import quoted

ROLES = list(Role)
ACTORS = ["anonymous", "outsider", *[role.name for role in ROLES], "staff"]


@dataclass
class World:
    company: Any
    other_company: Any
    members: dict[str, Membership]  # role name -> actor membership of ``company``
    outsider: Membership  # Owner of ``other_company``
    staff: Any
    victim: Membership  # an L10 member the mutations act on
    inactive: Membership  # a deactivated L10 member (to activate)
    heir: Membership  # an L80 member ownership is handed to
    contact: Any  # an ERP contact not linked yet
    request: CompanyRequest  # pending, decided by the company's admins
    order_link: Any
    invoice: Any
    rejected: ErpRejectedRecord
    set_password_token: str
    activation: dict[str, str]
    quote: Any  # answered with a quotation, waiting for the company's decision

    def user(self, actor: str):
        if actor == "anonymous":
            return None
        if actor == "outsider":
            return self.outsider.user
        if actor == "staff":
            return self.staff
        return self.members[actor].user

    def gid(self, type_name: str, pk: Any) -> str:
        return to_global_id(type_name, pk)


def build_world() -> World:
    saleor.save_plugin_configuration(True, {"new_orders_enabled": True})
    company = CompanyFactory(name="Target Ltd", customer_number="C-TARGET")
    members = {role.name: MembershipFactory(company=company, role=role) for role in ROLES}
    other = CompanyFactory(name="Other Ltd")
    outsider = MembershipFactory(company=other, role=Role.L90_OWNER)
    staff = UserFactory(is_staff=True, email="staff@shop.example")
    staff.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account"),
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins"),
    )
    victim = MembershipFactory(company=company, role=Role.L10_BASIC)
    inactive = MembershipFactory(company=company, role=Role.L10_BASIC, is_active=False)
    heir = MembershipFactory(company=company, role=Role.L80_ADMIN)
    contact = ErpContactFactory(company=company, email="contact@target.example")
    request = CompanyRequest.objects.create(
        company=company,
        kind="other",
        requested_by=victim.user,
        membership=victim,
        payload={"message": "Please call me"},
    )
    shop.channel()
    variant = shop.variant(sku="SKU-T1")
    order = OrderFactory(user=victim.user)
    OrderLineFactory(order=order, variant=variant, product_sku="SKU-T1")  # still for sale
    order_link = CompanyOrderFactory(
        order=order, company=company, membership=victim, placed_by=victim.user
    )
    invoice = InvoiceFactory(company=company, invoice_number="INV-T1")
    OpenItemFactory(company=company)
    PaymentFactory(company=company)
    rejected = ErpRejectedRecord.objects.create(
        kind="invoice",
        source="file",
        key="C-TARGET/INV-R",
        reason="unknown customer",
        raw='{"customerNumber": "C-TARGET", "invoiceNumber": "INV-R", "issueDate": '
        '"2026-11-01", "currency": "USD", "grossAmount": "1.00"}',
    )
    quote = quoted(company, staff)
    fresh = CompanyFactory(customer_number="C-FRESH")
    ErpContactFactory(company=fresh, email="fresh@fresh.example", is_main_contact=True)
    InvoiceFactory(company=fresh, invoice_number="INV-FRESH")
    return World(
        company=company,
        other_company=other,
        members=members,
        outsider=outsider,
        staff=staff,
        victim=victim,
        inactive=inactive,
        heir=heir,
        contact=contact,
        request=request,
        order_link=order_link,
        invoice=invoice,
        rejected=rejected,
        set_password_token=tokens.issue(victim.user),
        activation={
            "customerNumber": "C-FRESH",
            "invoiceNumber": "INV-FRESH",
            "email": "fresh@fresh.example",
            "password": "Fresh-and-long-pass-2026",
        },
        quote=quote,
    )


def _tables() -> list[str]:
    labels = ("saleor_customer_center", "account", "order", "checkout")
    return sorted(
        model._meta.db_table
        for label in labels
        for model in apps.get_app_config(label).get_models()
        # Activation attempts are counted on purpose, refusals included.
        if model._meta.db_table != "saleor_customer_center_activationattempt"
    )


def database_digest() -> str:
    """A digest of every row the plugin or Saleor's users, orders and checkouts hold."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            )
            digest.update(f"{table}:{cursor.fetchone()[0]};".encode())
    return digest.hexdigest()
