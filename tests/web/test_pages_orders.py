"""Orders in the browser: prices by role, cancel, PDF."""

from playwright.sync_api import expect

from saleor_customer_center.roles import Role
from tests.factories import CompanyOrderFactory, MembershipFactory, OrderFactory, OrderLineFactory


def _order_for(member, status="unfulfilled"):
    order = OrderFactory(user=member.user, status=status)
    OrderLineFactory(order=order, product_sku="DRL-100", product_name="Cordless drill")
    return CompanyOrderFactory(
        order=order, company=member.company, membership=member, placed_by=member.user
    )


def test_l20_sees_orders_without_any_price(page, site, sign_in, shot):
    member = MembershipFactory(role=Role.L20_ORDERS)
    link = _order_for(member)
    sign_in(member.user.email)
    page.get_by_role("link", name="Orders", exact=True).click()
    table = page.get_by_test_id("orders")
    expect(table).to_contain_text(f"#{link.order.number}")
    expect(table).not_to_contain_text("Total")
    expect(table).not_to_contain_text("123.00")  # the total (a user email may hold "123")
    expect(table).not_to_contain_text("USD")
    shot("orders-l20")
    page.get_by_role("link", name=f"#{link.order.number}").click()
    expect(page.get_by_test_id("order-lines")).to_contain_text("DRL-100")
    expect(page.get_by_test_id("order-total")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("61.50")
    shot("order-l20")


def test_l30_sees_prices(page, site, sign_in):
    member = MembershipFactory(role=Role.L30_ORDERS_PRICES)
    link = _order_for(member)
    sign_in(member.user.email)
    page.goto(site + f"orders/{link.order_id}/")
    expect(page.get_by_test_id("order-total")).to_have_text("123.00 USD")


def test_member_cancels_an_order(page, site, sign_in, shot):
    member = MembershipFactory(role=Role.L20_ORDERS)
    link = _order_for(member)
    sign_in(member.user.email)
    page.goto(site + f"orders/{link.order_id}/")
    shot("order-before-cancel")
    page.get_by_test_id("cancel-order").click()
    page.get_by_role("button", name="Yes, cancel the order").click()  # the confirmation step
    expect(page.get_by_role("status")).to_have_text("The order has been cancelled.")
    expect(page.get_by_test_id("order-status")).to_have_text("Cancelled")
    link.order.refresh_from_db()
    assert link.order.status == "canceled"


def test_order_pdf_downloads_for_a_member(page, site, sign_in):
    member = MembershipFactory(role=Role.L30_ORDERS_PRICES)
    link = _order_for(member)
    sign_in(member.user.email)
    page.goto(site + f"orders/{link.order_id}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_another_companys_order_is_404(page, site, sign_in):
    member = MembershipFactory(role=Role.L80_ADMIN)
    foreign = _order_for(MembershipFactory(role=Role.L80_ADMIN))
    sign_in(member.user.email)
    assert page.goto(site + f"orders/{foreign.order_id}/").status == 404


def test_basic_role_has_no_orders_section(page, site, sign_in):
    member = MembershipFactory(role=Role.L10_BASIC)
    sign_in(member.user.email)
    expect(page.get_by_role("link", name="Orders", exact=True)).to_have_count(0)
    assert page.goto(site + "orders/").status == 403


def test_new_order_creates_a_checkout_for_the_member_and_company(page, site, sign_in, shot):
    from saleor.checkout.models import Checkout

    from saleor_customer_center import saleor
    from tests import shop

    saleor.save_plugin_configuration(True, {"new_orders_enabled": True})
    member = MembershipFactory(role=Role.L20_ORDERS)
    variant = shop.variant(sku="GLV-XL")
    sign_in(member.user.email)
    page.get_by_role("link", name="New order").click()
    page.get_by_label("SKU, line 1").fill("GLV-XL")
    page.get_by_label("Quantity, line 1").fill("3")
    shot("order-new")
    page.get_by_role("button", name="Create checkout").click()
    token = page.get_by_test_id("checkout-token").inner_text()
    checkout = Checkout.objects.get(token=token)
    assert checkout.user == member.user
    assert [(line.variant_id, line.quantity) for line in checkout.lines.all()] == [(variant.pk, 3)]
    assert saleor.checkout_company_tag(checkout) == member.company_id


def test_unknown_sku_is_a_clear_error_and_no_checkout(page, site, sign_in):
    from saleor.checkout.models import Checkout

    from saleor_customer_center import saleor
    from tests import shop

    saleor.save_plugin_configuration(True, {"new_orders_enabled": True})
    shop.channel()
    member = MembershipFactory(role=Role.L30_ORDERS_PRICES)
    sign_in(member.user.email)
    page.goto(site + "orders/new/")
    page.get_by_label("SKU, line 1").fill("NO-SUCH")
    page.get_by_label("Quantity, line 1").fill("1")
    page.get_by_role("button", name="Create checkout").click()
    expect(page.get_by_role("alert")).to_contain_text("NO-SUCH")
    assert not Checkout.objects.exists()


def test_new_order_is_refused_while_the_operator_has_it_off(page, site, sign_in):
    member = MembershipFactory(role=Role.L80_ADMIN)
    sign_in(member.user.email)
    expect(page.get_by_role("link", name="New order")).to_have_count(0)
    assert page.goto(site + "orders/new/").status == 403
