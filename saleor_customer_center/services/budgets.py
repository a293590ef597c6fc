"""Budgets: periods in the shop's time zone, the running ledger, setting and reading them.

Spent in a period is kept in one ``BudgetPeriodSpend`` row per (budget, period), moved
under the budget's row lock (``services/locks.py``) whenever a checkout reserves, an order
commits, or an order is cancelled. Reading where a member stands is one row, whatever
the number of past orders. The row is rebuilt from the orders only when a budget is
created or its period changes (``rebuild_current_period``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import saleor
from ..error_codes import CustomerCenterErrorCode
from ..models import Budget, BudgetCharge, BudgetPeriodSpend, CompanyOrder, Membership
from ..models.budget import BudgetChargeStatus, BudgetPeriod
from ..models.fields import DECIMAL_PLACES, MAX_DIGITS
from . import audit, locks

MONTHS_PER_PERIOD = {BudgetPeriod.MONTHLY: 1, BudgetPeriod.QUARTERLY: 3, BudgetPeriod.YEARLY: 12}
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)


def quantize(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(QUANTUM)


# Periods ----------------------------------------------------------------------------


def shop_today() -> dt.date:
    """Today in the shop's time zone (settings.TIME_ZONE), not the server's or UTC."""
    return timezone.localdate()


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` moved by whole months, the day clamped to the month's end (Jan 31 -> Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_bounds(period: str, start_date: dt.date, on: dt.date) -> tuple[dt.date, dt.date | None]:
    """(first day, first day of the next period) of the period containing ``on``.

    Periods are anchored on the budget's start date: a monthly budget started on the 15th
    runs from the 15th to the 14th. A day before the start date counts into the first
    period. ``total`` is one period that never ends (next start None).
    """
    if period == BudgetPeriod.TOTAL:
        return start_date, None
    step = MONTHS_PER_PERIOD[BudgetPeriod(period)]
    if on < start_date:
        return start_date, add_months(start_date, step)
    elapsed = (on.year - start_date.year) * 12 + on.month - start_date.month
    index = elapsed // step
    begin = add_months(start_date, index * step)
    if begin > on:  # the anchor day of this month has not come yet
        index -= 1
        begin = add_months(start_date, index * step)
    return begin, add_months(start_date, (index + 1) * step)


def current_period(budget: Budget, on: dt.date | None = None) -> tuple[dt.date, dt.date | None]:
    return period_bounds(budget.period, budget.start_date, on or shop_today())


def local_midnight(day: dt.date) -> dt.datetime:
    """The aware datetime at which ``day`` begins in the shop's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# Reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetStatus:
    """Where a budget stands now: what the API shows as ``budget { ... }``."""

    budget: Budget
    amount: Decimal
    currency: str
    period: str
    period_start: dt.date
    spent: Decimal
    remaining: Decimal
    resets_at: dt.datetime | None
    alert_sent_at: dt.datetime | None


def status(budget: Budget, on: dt.date | None = None) -> BudgetStatus:
    """One ledger row read; no sum over orders."""
    begin, next_start = current_period(budget, on)
    row = (
        BudgetPeriodSpend.objects.filter(budget=budget, period_start=begin)
        .only("spent", "alert_sent_at")
        .first()
    )
    return _status(budget, begin, next_start, row)


def _status(
    budget: Budget, begin: dt.date, next_start: dt.date | None, row: BudgetPeriodSpend | None
) -> BudgetStatus:
    spent = row.spent if row else Decimal(0)
    return BudgetStatus(
        budget=budget,
        amount=budget.amount,
        currency=budget.currency,
        period=budget.period,
        period_start=begin,
        spent=quantize(spent),
        remaining=quantize(max(budget.amount - spent, Decimal(0))),
        resets_at=local_midnight(next_start) if next_start else None,
        alert_sent_at=row.alert_sent_at if row else None,
    )


def status_for_membership(membership: Membership) -> BudgetStatus | None:
    budget = Budget.objects.filter(membership=membership).first()
    return status(budget) if budget else None


def statuses_for_memberships(memberships: list[Membership]) -> dict[int, BudgetStatus]:
    """Budget status per membership id, for a list page: two queries whatever its length."""
    budgets = list(Budget.objects.filter(membership__in=memberships))
    today = shop_today()
    wanted = {budget.pk: current_period(budget, today)[0] for budget in budgets}
    rows = (
        {
            (row.budget_id, row.period_start): row
            for row in BudgetPeriodSpend.objects.filter(budget__in=budgets)
            if wanted.get(row.budget_id) == row.period_start
        }
        if budgets
        else {}
    )
    result: dict[int, BudgetStatus] = {}
    for budget in budgets:
        if budget.membership_id is None:  # a company's budget: filtered out above
            continue
        begin, next_start = current_period(budget, today)
        result[budget.membership_id] = _status(
            budget, begin, next_start, rows.get((budget.pk, begin))
        )
    return result


@dataclass(frozen=True)
class BudgetGauge:
    """What a page shows of a budget: the share used to everyone, the figures only to
    roles that see prices (an L20 reads no amount: tests/security/test_l20_sees_no_money.py).
    """

    share_used: Decimal  # percent of the amount; above 100 when an approval overspent it
    period: str
    resets_at: dt.datetime | None
    amount: Decimal | None = None
    spent: Decimal | None = None
    remaining: Decimal | None = None
    currency: str = ""

    @property
    def shows_money(self) -> bool:
        return self.amount is not None

    @property
    def bar_percent(self) -> int:
        """The bar's length, 0 to 100."""
        return int(min(max(self.share_used, Decimal(0)), Decimal(100)))

    @property
    def level(self) -> str:
        """``ok`` below 80 %, ``warn`` up to the amount, ``over`` beyond it."""
        if self.share_used >= 100:
            return "over"
        return "warn" if self.share_used >= 80 else "ok"


def share_used(spent: Decimal, amount: Decimal) -> Decimal:
    """Spent as a percentage of the amount, one decimal (a zero budget is used at once)."""
    if amount <= 0:
        return Decimal(100)
    return (spent * 100 / amount).quantize(Decimal("0.1"))


def gauge(budget_status: BudgetStatus, role: int) -> BudgetGauge:
    from ..roles import sees_prices

    share = share_used(budget_status.spent, budget_status.amount)
    if not sees_prices(role):
        return BudgetGauge(share, budget_status.period, budget_status.resets_at)
    return BudgetGauge(
        share,
        budget_status.period,
        budget_status.resets_at,
        amount=budget_status.amount,
        spent=budget_status.spent,
        remaining=budget_status.remaining,
        currency=budget_status.currency,
    )


def own_gauge(membership: Membership) -> BudgetGauge | None:
    """The member's own budget as the member may read it (two queries); None without one."""
    budget_status = status_for_membership(membership)
    return gauge(budget_status, membership.role) if budget_status else None


def gauges_for_memberships(memberships: list[Membership], role: int) -> dict[int, BudgetGauge]:
    """Every member's gauge as a viewer of ``role`` may read it: two queries for any list."""
    statuses = statuses_for_memberships(memberships)
    return {pk: gauge(budget_status, role) for pk, budget_status in statuses.items()}


# Setting -----------------------------------------------------------------------------


def _clean(amount: Any, currency: Any, period: Any) -> tuple[Decimal, str, str]:
    errors: dict[str, list[ValidationError]] = {}
    invalid = CustomerCenterErrorCode.INVALID.value
    required = CustomerCenterErrorCode.REQUIRED.value
    value = Decimal(0)
    try:
        value = Decimal(str(amount))
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = [ValidationError(_("Give the amount as a number."), code=invalid)]
    else:
        if value < 0:
            errors["amount"] = [ValidationError(_("The amount cannot be negative."), code=invalid)]
        # The exponent is a number (not "n" or "F"): the value is finite.
        elif int(value.as_tuple().exponent) < -DECIMAL_PLACES or value >= Decimal(10) ** (
            MAX_DIGITS - DECIMAL_PLACES
        ):
            errors["amount"] = [
                ValidationError(
                    f"Give at most {MAX_DIGITS - DECIMAL_PLACES} digits and "
                    f"{DECIMAL_PLACES} decimals.",
                    code=invalid,
                )
            ]
    code = str(currency or "").strip().upper()
    if not code:
        errors["currency"] = [ValidationError(_("The currency is required."), code=required)]
    elif len(code) != 3 or not code.isalpha() or not code.isascii():
        errors["currency"] = [
            ValidationError(_("Give a three-letter currency code (e.g. EUR)."), code=invalid)
        ]
    period_value = str(period or "").strip().lower()
    if not period_value:
        errors["period"] = [ValidationError(_("The period is required."), code=required)]
    elif period_value not in BudgetPeriod.values:
        errors["period"] = [
            ValidationError(
                f"Use one of: {', '.join(BudgetPeriod.values)}.",
                code=invalid,
            )
        ]
    if errors:
        raise ValidationError(errors)
    return value, code, period_value


def _snapshot(budget: Budget | None) -> dict[str, Any] | None:
    if budget is None:
        return None
    return {
        "amount": str(quantize(budget.amount)),
        "currency": budget.currency,
        "period": budget.period,
        "start_date": budget.start_date.isoformat(),
    }


def set_budget(
    membership: Membership,
    amount: Decimal | str | None,
    currency: str | None = None,
    period: str | None = None,
    *,
    start_date: dt.date | None = None,
    actor: Any = None,
) -> Budget | None:
    """Set a member's budget, or clear it when ``amount`` is None; audited.

    Permission checks are the caller's (``permissions.require_can_manage``). Raises
    ``ValidationError`` with field names (amount, currency, period) and codes.
    A new budget, or a new period or start date, rebuilds the current period's ledger
    from the member's orders, so what was already spent this period counts.
    """
    if amount is None:
        clear_budget(membership, actor=actor)
        return None
    value, code, period_value = _clean(amount, currency, period)
    with transaction.atomic():
        existing = locks.lock_budgets(
            Budget.objects.filter(membership=membership).values_list("pk", flat=True)
        )
        budget = existing[0] if existing else None
        before = _snapshot(budget)
        if budget is None:
            budget = Budget(
                company_id=membership.company_id,
                membership=membership,
                start_date=start_date or shop_today(),
            )
        elif start_date is not None:
            budget.start_date = start_date
        rebuild = (
            budget.pk is None
            or budget.period != period_value
            or (before is not None and before["start_date"] != budget.start_date.isoformat())
        )
        budget.amount, budget.currency, budget.period = value, code, period_value
        budget.save()
        if rebuild:
            rebuild_current_period(budget)
        audit.record(
            membership.company,
            actor,
            audit.Action.BUDGET_SET,
            target=membership,
            before=before,
            after=_snapshot(budget),
        )
    return budget


def clear_budget(membership: Membership, *, actor: Any = None) -> None:
    with transaction.atomic():
        existing = locks.lock_budgets(
            Budget.objects.filter(membership=membership).values_list("pk", flat=True)
        )
        if not existing:
            return
        before = _snapshot(existing[0])
        existing[0].delete()
        audit.record(
            membership.company,
            actor,
            audit.Action.BUDGET_CLEARED,
            target=membership,
            before=before,
            after=None,
        )


def _period_orders(budget: Budget, begin: dt.date, end: dt.date | None):
    """The budget's orders of a period that count: placed for its company (by its member),
    in its currency, not cancelled or expired."""
    links = CompanyOrder.objects.filter(
        company_id=budget.company_id, created_at__gte=local_midnight(begin)
    )
    if end is not None:
        links = links.filter(created_at__lt=local_midnight(end))
    if budget.membership_id is not None:
        links = links.filter(membership_id=budget.membership_id)
    return links.filter(order__currency=budget.currency).exclude(
        order__status__in=saleor.RELEASING_ORDER_STATUSES
    )


def rebuild_current_period(budget: Budget) -> BudgetPeriodSpend:
    """Recompute the current period's ledger row. Called with the budget locked, only when
    the budget itself changes (new, other period or start date).

    One rule for what is spent and what a cancel gives back: every order that counts has a
    committed charge. Orders placed before the budget existed get theirs here, so
    cancelling one of them releases its amount exactly like an order placed under the
    budget (``checkout_budget.release_order``).
    """
    begin, end = current_period(budget)
    reserved = budget.charges.filter(status=BudgetChargeStatus.RESERVED)
    reserved.update(period_start=begin)  # charges before ledger rows (locks.py's order)
    counted = _period_orders(budget, begin, end).values(
        "order_id", "order__total_gross_amount", "order__checkout_token", "placed_by_id"
    )
    charged = {
        charge.order_id: charge
        for charge in budget.charges.filter(order__isnull=False).select_for_update(of=("self",))
        if charge.order_id is not None  # filtered so: for the type checker
    }
    for link in counted:
        charge = charged.get(link["order_id"])
        if charge is None:
            token = link["order__checkout_token"] or str(link["order_id"])
            if budget.charges.filter(checkout_token=token).exists():
                token = str(link["order_id"])
            charge = BudgetCharge(budget=budget, order_id=link["order_id"], checkout_token=token)
        charge.period_start, charge.status = begin, BudgetChargeStatus.COMMITTED
        charge.amount = quantize(link["order__total_gross_amount"])
        charge.currency, charge.placed_by_id = budget.currency, link["placed_by_id"]
        charge.save()
    counted_ids = {link["order_id"] for link in counted}
    for order_id, charge in charged.items():
        if charge.period_start == begin and order_id not in counted_ids:
            if charge.status == BudgetChargeStatus.COMMITTED:
                created = (
                    CompanyOrder.objects.filter(order_id=order_id)
                    .values_list("created_at", flat=True)
                    .first()
                )
                if created is not None:  # an order of another period: its own ledger row
                    charge.period_start = charge_period_for_order(budget, created)
                    charge.save(update_fields=["period_start", "updated_at"])
    spent = budget.charges.filter(
        period_start=begin,
        status__in=[BudgetChargeStatus.COMMITTED, BudgetChargeStatus.RESERVED],
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    row = locks.lock_period_spend(budget, begin)
    row.spent = quantize(spent)
    row.save(update_fields=["spent"])
    return row


# Ledger moves (callers hold the budget's lock) ---------------------------------------------


def ledger_add(budget: Budget, period_start: dt.date, amount: Decimal) -> BudgetPeriodSpend:
    row = locks.lock_period_spend(budget, period_start)
    row.spent = quantize(max(row.spent + amount, Decimal(0)))
    row.save(update_fields=["spent"])
    return row


def charge_period_for_order(budget: Budget, created_at: dt.datetime) -> dt.date:
    return current_period(budget, local_date(created_at))[0]


__all__ = [
    "BudgetCharge",
    "BudgetGauge",
    "BudgetStatus",
    "add_months",
    "clear_budget",
    "current_period",
    "gauge",
    "gauges_for_memberships",
    "ledger_add",
    "own_gauge",
    "period_bounds",
    "rebuild_current_period",
    "set_budget",
    "shop_today",
    "status",
    "statuses_for_memberships",
]
