"""A quote in Chromium: the buyer asks, the operator quotes and revises, the approver
accepts with the PO number the company requires, Saleor's own checkoutComplete refuses it
once over the budget and then orders it at the quoted prices; the order shows its PO number
and its quote."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from saleor.checkout.models import Checkout
from saleor.permission.models import Permission

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyOrder, Quote, UserPreference
from saleor_customer_center.roles import Role
from tests import shop
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, UserFactory
from tests.orders.conftest import complete, make_budget
from tests.quotes.gql import later


@pytest.fixture
def operator(transactional_db):
    user = UserFactory(is_staff=True, email="quotes.operator@shop.example")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    return user


@pytest.fixture
def as_person(browser, site):
    """A browser of its own per person: sign in and return its page."""
    pages = []

    def open_for(email: str):
        context = browser.new_context(base_url=site)
        page = context.new_page()
        page.goto(site + "signin/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        pages.append(context)
        return page

    yield open_for
    for context in pages:
        context.close()


def shot_of(page, name: str) -> None:
    from tests.web.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_quote_from_request_to_a_saleor_order_at_the_quoted_prices(site, as_person, operator):
    saleor.save_plugin_configuration(True, {"shop_name": "Test Shop", "new_orders_enabled": True})
    company = CompanyFactory(name="Quote Works Ltd", po_number_required=True)
    buyer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    approver = MembershipFactory(company=company, role=Role.L80_ADMIN)
    UserPreference.objects.create(user=approver.user, current_company=company)
    drill = shop.variant(Decimal("100.00"), sku="DRL-100")
    shop.variant(Decimal("40.00"), sku="SAW-40")
    make_budget(approver, "150")

    # 1. The buyer asks for a quote.
    page = as_person(buyer.user.email)
    page.get_by_role("link", name="Quotes").click()
    page.get_by_role("link", name="Request a quote").click()
    page.get_by_label("SKU, line 1").fill("DRL-100")
    page.get_by_label("Quantity, line 1").fill("2")
    page.get_by_label("SKU, line 2").fill("SAW-40")
    page.get_by_label("Quantity, line 2").fill("1")
    page.get_by_label("Wanted by").fill(later(20))
    page.get_by_label("PO number").fill("PO-2026-17")
    page.get_by_label("Note").fill("For the new site in Linz")
    shot_of(page, "quote-request")
    page.get_by_role("button", name="Send quote request").click()
    expect(page.get_by_role("status")).to_contain_text("sent to the shop")
    expect(page.get_by_test_id("quote-status")).to_have_text("Waiting for the shop")
    quote = Quote.objects.get(company=company)
    shot_of(page, "quote-requested")

    # 2. The operator answers, then revises: every version kept.
    console = as_person(operator.email)
    console.goto(site + "staff/requests/?kind=quote")
    expect(console.get_by_test_id("request-queue")).to_contain_text("2 × DRL-100, 1 × SAW-40")
    shot_of(console, "console-quote-queue")
    console.get_by_role("link", name="Answer with a quotation").click()
    console.get_by_label("Unit price of DRL-100").fill("80")
    console.get_by_label("Unit price of SAW-40").fill("30")
    console.get_by_label("Valid until").fill(later(14))
    console.get_by_label("Message").fill("Our project price.")
    console.get_by_role("button", name="Send quotation").click()
    expect(console.get_by_role("status")).to_contain_text("Quotation sent")
    expect(console.get_by_label("Unit price of DRL-100")).to_have_value("80.00")  # to revise
    console.get_by_label("Unit price of DRL-100").fill("75")
    console.get_by_label("Unit price of SAW-40").fill("30")
    console.get_by_label("Valid until").fill(later(14))
    console.get_by_role("button", name="Send revision").click()
    expect(console.get_by_test_id("quotation-2")).to_contain_text("180.00 USD")
    expect(console.get_by_test_id("quotation-1")).to_contain_text("190.00 USD")
    shot_of(console, "console-quotation-revised")

    # 3. The approver accepts; the PO number the company requires is asked for.
    page = as_person(approver.user.email)
    page.goto(site + f"quotes/{quote.pk}/")
    expect(page.get_by_test_id("quotation-total").first).to_have_text("180.00 USD")
    shot_of(page, "quote-quoted")
    page.get_by_label("PO number (required)").fill("")
    page.get_by_role("button", name="Accept and create checkout").click()
    expect(page.get_by_role("alert")).to_contain_text("requires a purchase-order number")
    shot_of(page, "quote-po-required")
    page.get_by_label("PO number (required)").fill("PO-2026-17")
    page.get_by_role("button", name="Accept and create checkout").click()
    expect(page.get_by_test_id("quote-status")).to_have_text("Accepted")
    token = page.get_by_test_id("checkout-token").inner_text()
    shot_of(page, "quote-accepted")
    page.get_by_role("button", name="Accept and create checkout").wait_for(state="detached")
    assert Checkout.objects.filter(user=approver.user).count() == 1

    # 4. Saleor's checkoutComplete: refused once over the budget, ordered when it allows.
    checkout = Checkout.objects.get(token=token)
    with pytest.raises(Exception) as refused:
        complete(checkout)
    assert "exceeds your remaining budget of 150.00 USD" in str(refused.value)
    make_budget(approver, "500")
    order = complete(checkout)
    prices = sorted((line.product_sku, line.unit_price_gross_amount) for line in order.lines.all())
    assert prices == [("DRL-100", Decimal("75.000")), ("SAW-40", Decimal("30.000"))]
    link = CompanyOrder.objects.get(order=order)
    assert (link.quote_id, link.po_number) == (quote.pk, "PO-2026-17")

    # 5. The order shows its PO number and its quote; the orders list filters by PO.
    page.goto(site + "orders/?po=2026-17")
    expect(page.get_by_test_id("orders")).to_contain_text("PO-2026-17")
    expect(page.get_by_test_id("orders")).to_contain_text(f"#{order.number}")
    shot_of(page, "orders-with-po")
    page.get_by_role("link", name=f"#{order.number}").click()
    expect(page.get_by_test_id("order-po")).to_have_text("PO-2026-17")
    expect(page.get_by_test_id("order-lines")).to_contain_text("75.00 USD")
    expect(page.get_by_test_id("order-quote")).to_have_text(f"Quote {quote.pk}")
    shot_of(page, "order-from-quote")
    page.get_by_test_id("order-quote").click()
    expect(page.get_by_test_id("quote-order")).to_have_text(f"#{order.number}")

    # 6. Next time, a quote "as last time": the order's lines fill the request.
    page.get_by_test_id("quote-order").click()
    page.get_by_role("link", name="Ask for a quote for these lines").click()
    rows = {
        page.get_by_label(f"SKU, line {n}").input_value(): page.get_by_label(
            f"Quantity, line {n}"
        ).input_value()
        for n in (1, 2)
    }
    assert rows == {"DRL-100": "2", "SAW-40": "1"}
    shot_of(page, "quote-from-past-order")
    assert drill.sku == "DRL-100"


def test_an_admin_gives_rights_and_requires_po_numbers_on_users(site, as_person):
    company = CompanyFactory(name="Rights Ltd")
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    orderer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    page = as_person(admin.user.email)
    page.goto(site + "users/")
    page.get_by_label("Every order needs a purchase-order number").check()
    page.get_by_test_id("po-setting").get_by_role("button", name="Save").click()
    expect(page.get_by_label("Every order needs a purchase-order number")).to_be_checked()
    company.refresh_from_db()
    assert company.po_number_required

    page.goto(site + f"users/{buyer.pk}/edit/")
    page.get_by_label("Salutation").fill("Ms")
    page.get_by_label("May approve quotations").check()
    shot_of(page, "member-rights")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("members")).to_contain_text("approves quotations")
    shot_of(page, "users-rights-and-po-setting")
    buyer.refresh_from_db()
    assert buyer.may_approve_quotations and not buyer.may_raise_requests

    # An L20 cannot approve quotations (it sees no prices): said, and nothing saved.
    page.goto(site + f"users/{orderer.pk}/edit/")
    page.get_by_label("Salutation").fill("Mr")
    page.get_by_label("May approve quotations").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("must see prices")
    orderer.refresh_from_db()
    assert not orderer.may_approve_quotations

    # Given "may raise requests", the L20 reaches the quotes pages.
    page.get_by_label("May approve quotations").uncheck()
    page.get_by_label("May raise requests").check()
    page.get_by_role("button", name="Save").click()
    orderer.refresh_from_db()
    assert orderer.may_raise_requests
    member_page = as_person(orderer.user.email)
    member_page.get_by_role("link", name="Quotes").click()
    expect(member_page.get_by_role("link", name="Request a quote")).to_be_visible()
