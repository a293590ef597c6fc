from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .company import Company, Membership
from .fields import currency_field, money_field


class BudgetPeriod(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    TOTAL = "total", _("Total")


class Budget(models.Model):
    """A spending limit on a membership, or on the whole company when membership is empty."""

    company = models.ForeignKey(Company, related_name="budgets", on_delete=models.CASCADE)
    membership = models.OneToOneField(
        Membership, related_name="budget", null=True, blank=True, on_delete=models.CASCADE
    )
    amount = money_field()
    currency = currency_field()
    period = models.CharField(max_length=16, choices=BudgetPeriod.choices)
    start_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="cc_budget_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(period__in=BudgetPeriod.values), name="cc_budget_period_valid"
            ),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(membership__isnull=True),
                name="cc_one_company_budget",
            ),
        ]


class BudgetPeriodSpend(models.Model):
    """Running ledger: what a budget has spent in one period, updated under a row lock.

    The check at checkout reads one row instead of summing past orders, so it costs the
    same whatever the order history.
    """

    budget = models.ForeignKey(Budget, related_name="period_spends", on_delete=models.CASCADE)
    period_start = models.DateField()
    spent = money_field(default=0)
    alert_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "period_start"], name="cc_budget_spend_unique_period"
            ),
            models.CheckConstraint(condition=Q(spent__gte=0), name="cc_budget_spend_non_negative"),
        ]


class BudgetChargeStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved")  # checkout passed the check, order not seen yet
    COMMITTED = "committed", _("Committed")  # the order exists
    RELEASED = "released", _("Released")  # order cancelled or checkout never completed


class BudgetCharge(models.Model):
    """One checkout's amount against a budget; keyed by checkout token so a retry never
    spends twice."""

    budget = models.ForeignKey(Budget, related_name="charges", on_delete=models.CASCADE)
    period_start = models.DateField()
    checkout_token = models.CharField(max_length=36)
    # One order may be charged to the member's budget and to the company's: a charge per
    # (budget, order), never two on one budget.
    order = models.ForeignKey(
        "order.Order", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    amount = money_field()
    currency = currency_field()
    status = models.CharField(
        max_length=16, choices=BudgetChargeStatus.choices, default=BudgetChargeStatus.RESERVED
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "checkout_token"], name="cc_budget_charge_unique_checkout"
            ),
            models.UniqueConstraint(
                fields=["budget", "order"],
                condition=Q(order__isnull=False),
                name="cc_budget_charge_unique_order",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="cc_budget_charge_non_negative"
            ),
        ]
        # The sweep of reservations whose checkout never became an order
        # (checkout_budget.stale_reservation_ids): only reserved rows, oldest first.
        indexes = [
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status=BudgetChargeStatus.RESERVED),
                name="cc_charge_reserved_idx",
            )
        ]
