"""Budgets enforced at checkout through Saleor's preprocess_order_creation hook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from saleor.checkout.models import Checkout
from saleor.order import OrderStatus
from saleor.order.models import Order

from saleor_customer_center import saleor
from saleor_customer_center.models import BudgetCharge, BudgetPeriodSpend, CompanyOrder
from saleor_customer_center.services import budgets, order_links
from saleor_customer_center.tasks import release_stale_budget_reservations_task

from .. import shop
from ..factories import CompanyFactory, MembershipFactory, UserFactory
from .conftest import complete, make_budget, make_checkout, run_hook


def spent(budget) -> Decimal:
    return budgets.status(budget).spent


def test_order_within_budget_is_linked_and_committed(buyer):
    # given
    budget = make_budget(buyer, "500")
    checkout = make_checkout(buyer.user, "120.00")
    token = str(checkout.token)

    # when
    order = complete(checkout)

    # then
    link = CompanyOrder.objects.get(order=order)
    assert (link.company, link.membership, link.placed_by, link.checkout_token) == (
        buyer.company,
        buyer,
        buyer.user,
        token,
    )
    charge = BudgetCharge.objects.get(checkout_token=token)
    assert (charge.status, charge.amount, charge.order_id) == (
        "committed",
        Decimal("120"),
        order.pk,
    )
    assert spent(budget) == Decimal("120.000")
    assert budgets.status(budget).remaining == Decimal("380.000")


def test_member_without_budget_still_gets_linked(buyer):
    order = complete(make_checkout(buyer.user, "99"))

    assert CompanyOrder.objects.filter(order=order, membership=buyer).exists()
    assert not BudgetCharge.objects.exists()


def test_non_company_customer_is_left_alone(plugin_configuration):
    customer = UserFactory()

    order = complete(make_checkout(customer, "10"))

    assert order.pk and not CompanyOrder.objects.exists()


def test_over_budget_is_refused_with_the_remaining_amount(buyer):
    # given
    budget = make_budget(buyer, "100")
    complete(make_checkout(buyer.user, "70"))
    checkout = make_checkout(buyer.user, "40")

    # when
    with pytest.raises(ValidationError) as refused:
        complete(checkout)

    # then
    assert refused.value.messages == [
        "This order of 40.00 USD exceeds your remaining budget of 30.00 USD."
    ]
    assert refused.value.code == "INVALID"  # Saleor's CheckoutErrorCode, readable by storefronts
    assert Checkout.objects.filter(pk=checkout.pk).exists()  # Saleor keeps the checkout
    assert Order.objects.count() == 1
    assert spent(budget) == Decimal("70.000")


def test_exactly_the_remaining_amount_fits(buyer):
    budget = make_budget(buyer, "100")

    complete(make_checkout(buyer.user, "100"))

    assert budgets.status(budget).remaining == Decimal("0.000")


def test_retried_completion_never_spends_twice(buyer):
    # given: the hook ran (reserved), then Saleor failed before creating the order
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "60")
    run_hook(checkout)
    assert spent(budget) == Decimal("60.000")

    # when: the buyer retries the same checkout
    order = complete(checkout)

    # then
    assert spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().order_id == order.pk


def test_changed_checkout_total_on_retry_re_checks_the_new_amount(buyer):
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "60")
    run_hook(checkout)
    shop.Storefront(buyer.user).add_lines(shop.checkout_id(checkout), [(shop.variant("30.00"), 1)])

    complete(checkout)

    assert spent(budget) == Decimal("90.000")


def test_cancelled_order_gives_the_amount_back(buyer):
    # given
    budget = make_budget(buyer, "100")
    order = complete(make_checkout(buyer.user, "80"))

    # when: Saleor's own cancel action (post_save sees the status change)
    saleor.cancel_order(order, buyer.user)

    # then
    assert spent(budget) == Decimal("0.000")
    assert BudgetCharge.objects.get().status == "released"
    complete(make_checkout(buyer.user, "100"))
    assert spent(budget) == Decimal("100.000")


def test_cancel_is_counted_once_when_both_paths_run(buyer, django_capture_on_commit_callbacks):
    budget = make_budget(buyer, "100")
    with django_capture_on_commit_callbacks(execute=True):
        order = complete(make_checkout(buyer.user, "80"))
    with django_capture_on_commit_callbacks(execute=True):
        saleor.cancel_order(order, buyer.user)  # post_save, then Saleor's order_cancelled

    assert spent(budget) == Decimal("0.000")
    assert BudgetPeriodSpend.objects.get().spent == Decimal("0.000")


def test_deprecated_order_created_hook_and_post_save_link_once(
    buyer, django_capture_on_commit_callbacks
):
    budget = make_budget(buyer, "100")

    with django_capture_on_commit_callbacks(execute=True):
        order = complete(make_checkout(buyer.user, "30"))  # post_save, then order_created

    assert CompanyOrder.objects.filter(order=order).count() == 1
    assert spent(budget) == Decimal("30.000")


def test_order_created_hook_links_alone_without_post_save(buyer):
    """The hook path on its own (as when a host disconnects signals): same result."""
    from django.db.models.signals import post_save

    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "30")
    run_hook(checkout)
    manager = saleor.get_plugins_manager()
    post_save.disconnect(sender=Order, dispatch_uid="customer_center_order_saved")
    try:
        order = Order.objects.create(
            user=buyer.user,
            channel=checkout.channel,
            currency="USD",
            checkout_token=str(checkout.token),
            total_gross_amount=Decimal("30"),
            lines_count=0,
        )
        assert not CompanyOrder.objects.exists()

        # the hook acts because the receiver is not connected (one path at a time)
        manager.order_created(order)
    finally:
        saleor.connect_order_signals(order_links.on_order_saved)

    assert CompanyOrder.objects.get().order == order
    assert BudgetCharge.objects.get().status == "committed"
    assert spent(budget) == Decimal("30.000")


def test_stale_reservation_is_released(buyer):
    # given: a checkout passed the hook but never became an order
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "60")
    run_hook(checkout)
    BudgetCharge.objects.update(updated_at="2000-01-01T00:00:00Z")

    # when
    released = release_stale_budget_reservations_task()

    # then
    assert released == 1
    assert spent(budget) == Decimal("0.000")
    assert BudgetCharge.objects.get().status == "released"


def test_late_order_after_release_is_counted_again(buyer):
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "60")
    run_hook(checkout)
    BudgetCharge.objects.update(updated_at="2000-01-01T00:00:00Z")
    release_stale_budget_reservations_task()

    Order.objects.create(
        user=buyer.user,
        channel=checkout.channel,
        currency="USD",
        checkout_token=str(checkout.token),
        total_gross_amount=Decimal("60"),
        lines_count=0,
    )

    assert spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().status == "committed"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"is_active": False},
            "Your access to {company} is deactivated; you cannot order for it.",
        ),
        (
            {"company_blocked": True},
            "{company} cannot place orders at the moment. Please contact the shop.",
        ),
        ({"role": 10}, "Your role does not allow placing orders for {company}."),
    ],
    ids=["inactive_membership_case", "blocked_company_case", "basic_role_case"],
)
def test_member_who_may_not_order_is_refused(buyer, change, message):
    if change.pop("company_blocked", False):
        buyer.company.is_blocked = True
        buyer.company.save()
    for name, value in change.items():
        setattr(buyer, name, value)
    buyer.save()

    with pytest.raises(ValidationError) as refused:
        complete(make_checkout(buyer.user, "10"))

    assert refused.value.messages == [message.format(company=buyer.company.name)]
    assert not Order.objects.exists()


def test_only_active_membership_is_used_without_a_current_company(plugin_configuration):
    membership = MembershipFactory(company=CompanyFactory(), role=20)
    MembershipFactory(user=membership.user, company=CompanyFactory(), role=20, is_active=False)

    order = complete(make_checkout(membership.user, "10"))

    assert CompanyOrder.objects.get(order=order).membership == membership


def test_several_companies_and_none_chosen_is_refused(plugin_configuration):
    membership = MembershipFactory(company=CompanyFactory(), role=20)
    MembershipFactory(user=membership.user, company=CompanyFactory(), role=20)

    with pytest.raises(ValidationError, match="Choose the company"):
        complete(make_checkout(membership.user, "10"))


def test_company_wide_budget_applies_to_every_member(buyer):
    from saleor_customer_center.models import Budget

    company_budget = Budget.objects.create(
        company=buyer.company,
        amount=Decimal("50"),
        currency="USD",
        period="total",
        start_date="2020-01-01",
    )
    colleague = MembershipFactory(company=buyer.company, role=20)
    complete(make_checkout(colleague.user, "30"))

    with pytest.raises(ValidationError) as refused:
        complete(make_checkout(buyer.user, "30"))

    assert refused.value.messages == [
        "This order of 30.00 USD exceeds your company's remaining budget of 20.00 USD."
    ]
    assert budgets.status(company_budget).spent == Decimal("30.000")


def test_checkout_in_another_currency_is_refused(buyer):
    make_budget(buyer, "100", currency="EUR")

    with pytest.raises(ValidationError, match="kept in EUR; this checkout is in USD"):
        complete(make_checkout(buyer.user, "10"))


def test_new_budget_counts_what_was_already_spent_this_period(buyer):
    complete(make_checkout(buyer.user, "40"))
    cancelled = complete(make_checkout(buyer.user, "25"))
    saleor.cancel_order(cancelled, buyer.user)

    budget = make_budget(buyer, "100", start_date=budgets.shop_today())

    assert spent(budget) == Decimal("40.000")


def test_cancelling_an_order_placed_before_the_budget_gives_its_amount_back(buyer):
    # given: an order of this period, placed before the admin set the budget, counts
    earlier = complete(make_checkout(buyer.user, "70"))
    budget = make_budget(buyer, "100", start_date=budgets.shop_today())
    assert spent(budget) == Decimal("70.000")

    # when: that order is cancelled through Saleor
    saleor.cancel_order(earlier, buyer.user)

    # then: its amount is back, and an order that fits the whole budget goes through
    assert spent(budget) == Decimal("0.000")
    order = complete(make_checkout(buyer.user, "100"))
    assert CompanyOrder.objects.filter(order=order).exists()
    assert spent(budget) == Decimal("100.000")


def test_member_and_company_budgets_both_charge_one_order(buyer):
    from saleor_customer_center.models import Budget

    own = make_budget(buyer, "500")
    company_wide = Budget.objects.create(
        company=buyer.company,
        amount=Decimal("800"),
        currency="USD",
        period="total",
        start_date="2020-01-01",
    )

    order = complete(make_checkout(buyer.user, "120"))

    assert (spent(own), budgets.status(company_wide).spent) == (Decimal("120.000"),) * 2
    saleor.cancel_order(order, buyer.user)
    assert (spent(own), budgets.status(company_wide).spent) == (Decimal("0.000"),) * 2


def test_order_with_status_draft_is_not_linked(buyer):
    Order.objects.create(
        user=buyer.user,
        channel=shop.channel(),
        currency="USD",
        status=OrderStatus.DRAFT,
        checkout_token="x",
        lines_count=0,
    )
    assert not CompanyOrder.objects.exists()


def test_stale_current_company_is_ignored(plugin_configuration):
    from saleor_customer_center.models import UserPreference

    membership = MembershipFactory(company=CompanyFactory(), role=20)
    UserPreference.objects.create(user=membership.user, current_company=CompanyFactory())

    order = complete(make_checkout(membership.user, "10"))

    assert CompanyOrder.objects.get(order=order).membership == membership


def test_checkout_tagged_with_a_company_of_someone_else_is_refused(plugin_configuration):
    from saleor.checkout.models import CheckoutMetadata

    membership = MembershipFactory(company=CompanyFactory(), role=20)
    checkout = make_checkout(membership.user, "10")
    CheckoutMetadata.objects.update_or_create(
        checkout=checkout,
        defaults={"metadata": {saleor.COMPANY_METADATA_KEY: str(CompanyFactory().pk)}},
    )

    with pytest.raises(ValidationError, match="You cannot order for this company."):
        complete(checkout)
