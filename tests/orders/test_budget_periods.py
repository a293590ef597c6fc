"""Budget periods in the shop's time zone, set/clear validation, alerts once per period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from saleor_customer_center.models import AuditEntry, Budget, EmailLog
from saleor_customer_center.services import budgets

from ..factories import MembershipFactory
from .conftest import complete, make_budget, make_checkout

D = dt.date


@pytest.mark.parametrize(
    ("period", "start", "on", "expected"),
    [
        ("monthly", D(2026, 1, 1), D(2026, 3, 17), (D(2026, 3, 1), D(2026, 4, 1))),
        ("monthly", D(2026, 1, 15), D(2026, 3, 14), (D(2026, 2, 15), D(2026, 3, 15))),
        ("monthly", D(2026, 1, 15), D(2026, 3, 15), (D(2026, 3, 15), D(2026, 4, 15))),
        ("monthly", D(2026, 1, 31), D(2026, 2, 28), (D(2026, 2, 28), D(2026, 3, 31))),
        ("monthly", D(2026, 1, 31), D(2026, 2, 27), (D(2026, 1, 31), D(2026, 2, 28))),
        ("quarterly", D(2026, 1, 1), D(2026, 5, 20), (D(2026, 4, 1), D(2026, 7, 1))),
        ("quarterly", D(2025, 11, 10), D(2026, 2, 9), (D(2025, 11, 10), D(2026, 2, 10))),
        ("yearly", D(2024, 7, 1), D(2026, 6, 30), (D(2025, 7, 1), D(2026, 7, 1))),
        ("yearly", D(2024, 2, 29), D(2025, 2, 28), (D(2025, 2, 28), D(2026, 2, 28))),
        ("total", D(2020, 5, 5), D(2026, 1, 1), (D(2020, 5, 5), None)),
        ("monthly", D(2026, 6, 1), D(2026, 5, 1), (D(2026, 6, 1), D(2026, 7, 1))),
    ],
    ids=[
        "monthly_calendar_case",
        "monthly_anchored_before_anchor_day_case",
        "monthly_anchored_on_anchor_day_case",
        "monthly_31st_clamped_to_february_case",
        "monthly_31st_day_before_clamp_case",
        "quarterly_case",
        "quarterly_across_year_case",
        "yearly_case",
        "yearly_leap_day_case",
        "total_never_resets_case",
        "before_start_counts_into_first_period_case",
    ],
)
def test_period_bounds(period, start, on, expected):
    assert budgets.period_bounds(period, start, on) == expected


def test_period_follows_the_shop_time_zone(buyer, settings):
    # given: a shop in Auckland; 31 March 12:00 UTC is already 1 April there
    settings.TIME_ZONE = "Pacific/Auckland"
    budget = make_budget(buyer, "100", start_date=D(2026, 1, 1))

    with freeze_time("2026-03-31T12:00:00Z"):
        complete(make_checkout(buyer.user, "60"))
        state = budgets.status(budget)

    # then: the order counts in April (local), and the budget resets at local midnight
    assert state.period_start == D(2026, 4, 1)
    assert state.spent == Decimal("60.000")
    assert state.resets_at.isoformat() == "2026-05-01T00:00:00+12:00"
    with freeze_time("2026-03-31T10:00:00Z"):  # 23:00 on 31 March in Auckland
        assert budgets.status(budget).spent == Decimal("0")


@pytest.mark.parametrize(
    ("period", "later", "still_spent"),
    [
        ("monthly", "2026-04-01T00:00:00Z", Decimal("0")),
        ("monthly", "2026-03-31T23:59:59Z", Decimal("80.000")),
        ("quarterly", "2026-04-01T00:00:00Z", Decimal("0")),
        ("quarterly", "2026-03-31T23:59:59Z", Decimal("80.000")),
        ("yearly", "2026-12-31T23:59:59Z", Decimal("80.000")),
        ("yearly", "2027-01-01T00:00:00Z", Decimal("0")),
        ("total", "2031-01-01T00:00:00Z", Decimal("80.000")),
    ],
    ids=[
        "monthly_resets_case",
        "monthly_same_period_case",
        "quarterly_resets_case",
        "quarterly_same_period_case",
        "yearly_same_period_case",
        "yearly_resets_case",
        "total_never_resets_case",
    ],
)
def test_spending_resets_with_the_period(buyer, period, later, still_spent):
    budget = make_budget(buyer, "100", period=period, start_date=D(2026, 1, 1))
    with freeze_time("2026-03-10T12:00:00Z"):
        complete(make_checkout(buyer.user, "80"))

    with freeze_time(later):
        assert budgets.status(budget).spent == still_spent
        if still_spent == 0:
            complete(make_checkout(buyer.user, "100"))  # a fresh period: the whole budget
        else:
            with pytest.raises(ValidationError, match="remaining budget of 20.00 USD"):
                complete(make_checkout(buyer.user, "30"))


def test_cancelling_last_periods_order_gives_back_to_that_period(buyer):
    from saleor_customer_center import saleor

    budget = make_budget(buyer, "100", start_date=D(2026, 1, 1))
    with freeze_time("2026-03-10T12:00:00Z"):
        order = complete(make_checkout(buyer.user, "80"))
    with freeze_time("2026-04-02T12:00:00Z"):
        complete(make_checkout(buyer.user, "30"))
        saleor.cancel_order(order, buyer.user)
        assert budgets.status(budget).spent == Decimal("30.000")
    with freeze_time("2026-03-20T12:00:00Z"):
        assert budgets.status(budget).spent == Decimal("0.000")


# set_budget / clear_budget ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "period", "errors"),
    [
        ("-1", "USD", "monthly", {"amount": ["invalid"]}),
        ("abc", "USD", "monthly", {"amount": ["invalid"]}),
        ("NaN", "USD", "monthly", {"amount": ["invalid"]}),
        ("1.0001", "USD", "monthly", {"amount": ["invalid"]}),
        ("10", "", "monthly", {"currency": ["required"]}),
        ("10", "EURO", "monthly", {"currency": ["invalid"]}),
        ("10", "U$D", "monthly", {"currency": ["invalid"]}),
        ("10", "USD", "weekly", {"period": ["invalid"]}),
        ("10", "USD", "", {"period": ["required"]}),
        (
            "-5",
            "EU",
            "daily",
            {"amount": ["invalid"], "currency": ["invalid"], "period": ["invalid"]},
        ),
    ],
    ids=[
        "negative_case",
        "not_a_number_case",
        "nan_case",
        "too_many_decimals_case",
        "no_currency_case",
        "four_letters_case",
        "not_letters_case",
        "unknown_period_case",
        "no_period_case",
        "all_wrong_case",
    ],
)
def test_set_budget_refuses_bad_input_with_fields_and_codes(
    buyer, amount, currency, period, errors
):
    with pytest.raises(ValidationError) as refused:
        budgets.set_budget(buyer, amount, currency, period)

    assert {
        name: [e.code for e in field_errors]
        for name, field_errors in refused.value.error_dict.items()
    } == errors
    assert not Budget.objects.exists()


def test_set_update_and_clear_budget_are_audited(buyer):
    admin = MembershipFactory(company=buyer.company, role=80)

    budget = budgets.set_budget(buyer, "250", "usd", "QUARTERLY", actor=admin.user)
    assert (budget.amount, budget.currency, budget.period) == (Decimal("250"), "USD", "quarterly")
    budgets.set_budget(buyer, "0", "USD", "quarterly", actor=admin.user)
    budgets.set_budget(buyer, None, actor=admin.user)

    assert not Budget.objects.exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "budget_set",
        "budget_set",
        "budget_cleared",
    ]
    assert AuditEntry.objects.order_by("pk").last().before["amount"] == "0.000"


def test_zero_budget_refuses_every_order(buyer):
    make_budget(buyer, "0")

    with pytest.raises(ValidationError, match="remaining budget of 0.00 USD"):
        complete(make_checkout(buyer.user, "0.01"))


# Alerts ---------------------------------------------------------------------------------


def test_crossing_the_threshold_alerts_member_and_admins_once_per_period(
    buyer, django_capture_on_commit_callbacks
):
    # given: a budget of 100, default threshold 80 %, one admin and the owner
    admin = MembershipFactory(company=buyer.company, role=80)
    owner = MembershipFactory(company=buyer.company, role=90)
    MembershipFactory(company=buyer.company, role=40)  # not an admin: no alert
    make_budget(buyer, "100", start_date=D(2026, 1, 1))

    with freeze_time("2026-03-10T12:00:00Z"):
        with django_capture_on_commit_callbacks(execute=True):
            complete(make_checkout(buyer.user, "70"))  # 70 %: below
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            complete(make_checkout(buyer.user, "15"))  # 85 %: crosses
            complete(make_checkout(buyer.user, "10"))  # 95 %: already alerted

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([buyer.user.email, admin.user.email, owner.user.email])
    assert "80 % of a budget spent" in message.subject
    assert "Spent: 95.00 USD" not in message.body and "Spent: 85.00 USD" in message.body
    assert "The budget resets on 2026-04-01." in message.body

    # a new period: a new alert
    with freeze_time("2026-04-02T12:00:00Z"), django_capture_on_commit_callbacks(execute=True):
        complete(make_checkout(buyer.user, "90"))
    assert len(mail.outbox) == 2
    assert EmailLog.objects.filter(event="budget_threshold").count() == 2


def test_threshold_is_the_operator_setting(
    buyer, plugin_configuration, django_capture_on_commit_callbacks
):
    plugin_configuration(budget_alert_threshold="50")
    make_budget(buyer, "100")

    with django_capture_on_commit_callbacks(execute=True):
        complete(make_checkout(buyer.user, "50"))

    assert len(mail.outbox) == 1
    assert "50 % of a budget spent" in mail.outbox[0].subject
