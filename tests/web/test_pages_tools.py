"""The buying tools in the browser: order again, an export, and a user import."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect
from saleor.checkout.models import Checkout
from saleor.product.models import ProductVariant

from saleor_customer_center import saleor
from saleor_customer_center.models import MemberImport, Membership
from saleor_customer_center.roles import Role
from tests import shop
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)


def test_order_again_in_the_browser(page, site, sign_in, shot):
    saleor.save_plugin_configuration(True, {"new_orders_enabled": True})
    member = MembershipFactory(company=CompanyFactory(), role=Role.L20_ORDERS)
    order = OrderFactory(user=member.user)
    bolt = shop.variant("2.50", sku="BOLT-1", name="Hex bolt")
    gone = shop.variant("1.00", sku="GONE-1", name="Old washer")
    OrderLineFactory(
        order=order, variant=bolt, product_sku="BOLT-1", product_name="Hex bolt", quantity=12
    )
    OrderLineFactory(
        order=order, variant=gone, product_sku="GONE-1", product_name="Old washer", quantity=3
    )
    CompanyOrderFactory(company=member.company, order=order, placed_by=member.user)
    ProductVariant.objects.filter(pk=gone.pk).delete()

    sign_in(member.user.email)
    page.goto(site + f"orders/{order.pk}/")
    page.get_by_role("link", name="Order again").click()

    expect(page.get_by_test_id("reorder-of")).to_contain_text(f"#{order.number}")
    expect(page.get_by_test_id("reorder-dropped")).to_contain_text(
        "Old washer (GONE-1) is no longer sold."
    )
    expect(page.get_by_label("SKU, line 1")).to_have_value("BOLT-1")
    expect(page.get_by_label("Quantity, line 1")).to_have_value("12")
    shot("reorder-form-l20")
    page.get_by_role("button", name="Create checkout").click()
    expect(page.get_by_test_id("checkout-ready")).to_be_visible()
    shot("reorder-checkout-ready")
    checkout = Checkout.objects.get(user=member.user)
    assert [(line.variant.sku, line.quantity) for line in checkout.lines.all()] == [("BOLT-1", 12)]


def test_an_l20_exports_orders_without_money(page, site, sign_in, shot):
    member = MembershipFactory(company=CompanyFactory(), role=Role.L20_ORDERS)
    order = OrderFactory(user=member.user)
    OrderLineFactory(order=order, product_sku="DRL-100")
    CompanyOrderFactory(company=member.company, order=order, placed_by=member.user)

    sign_in(member.user.email)
    page.goto(site + "orders/")
    shot("orders-with-exports-l20")
    with page.expect_download() as download:
        page.get_by_test_id("export-orders").get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))

    assert rows[0] == ["Number", "Date", "Status", "Placed by", "PO number", "Lines"]
    assert rows[1][0] == str(order.number)


def test_user_import_in_the_browser(page, site, sign_in, shot):
    admin = MembershipFactory(company=CompanyFactory(currency="EUR"), role=Role.L80_ADMIN)
    UserFactory(email="taken@example.com")
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["Salutation", "First name", "Last name", "Email", "Role", "Budget"])
    writer.writerow(["Ms", "Nora", "New", "nora@alpine.example", "L20", "500"])
    writer.writerow(["Mr", "Ben", "Buyer", "ben@alpine.example", "L40_BILLING", ""])
    writer.writerow(["Mr", "Tak", "En", "taken@example.com", "L10", ""])
    writer.writerow(["Ms", "Over", "Reach", "over@alpine.example", "L90_OWNER", ""])

    sign_in(admin.user.email)
    page.goto(site + "users/")
    shot("users-with-exports-and-audit-log")
    page.get_by_test_id("import-users").click()
    shot("user-import-upload")
    page.get_by_label("CSV file").set_input_files(
        {"name": "team.csv", "mimeType": "text/csv", "buffer": text.getvalue().encode()}
    )
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text("2 users of team.csv will be created, 2 rows are refused")
    expect(preview).to_contain_text("taken@example.com already belongs to a shop user.")
    expect(preview).to_contain_text("L90 Owner is above your own role or the Owner")
    shot("user-import-preview")
    assert not Membership.objects.filter(user__email="nora@alpine.example").exists()
    page.get_by_role("button", name="Create 2 users and send their invitations").click()

    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("invited")).to_have_text("2 / 2")
    shot("user-import-done")
    assert MemberImport.objects.get().invited == 2
    assert set(
        Membership.objects.filter(company=admin.company).values_list("user__email", flat=True)
    ) == {admin.user.email, "nora@alpine.example", "ben@alpine.example"}
