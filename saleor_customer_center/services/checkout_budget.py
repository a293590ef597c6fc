"""The budget at checkout: which company a checkout is for, check and reserve, link, release.

Flow (README "Budgets and orders"):

1. ``preprocess_order_creation`` -> :func:`check_and_reserve`. Saleor runs the hook
   *outside* its order-creation transaction, so the reservation commits on its own: a
   ``BudgetCharge`` (reserved) keyed by the checkout token, added to the period's ledger
   under the budget's row lock. A retried completion with the same token finds its
   charge and spends nothing more.
2. The order exists -> :func:`link_order` (order_links.py calls it from ``post_save`` on
   Saleor's Order, inside the order's transaction: the one path). It writes the
   ``CompanyOrder`` and moves the charge reserved -> committed.
3. The order is cancelled -> :func:`release_order`: charge released, ledger decremented.
4. A reservation whose checkout never became an order -> :func:`release_stale_reservation`
   (celery sweep in tasks.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import emails, saleor, settings_store
from ..error_codes import CustomerCenterErrorCode
from ..models import Budget, BudgetCharge, CompanyOrder, CompanyRequest, Membership
from ..models.budget import BudgetChargeStatus
from ..models.company import UserPreference
from ..models.request import CompanyRequestEvent, RequestKind, RequestStatus
from ..roles import can_place_orders, sees_prices
from ..settings_store import PluginSettings
from . import audit, budgets, companies, locks, purchase_orders, quote_checkouts

logger = logging.getLogger(__name__)

RESERVED = BudgetChargeStatus.RESERVED
COMMITTED = BudgetChargeStatus.COMMITTED
RELEASED = BudgetChargeStatus.RELEASED


def _refuse(message: str, code: CustomerCenterErrorCode) -> ValidationError:
    """Raised from the hook: Saleor answers the mutation's ``errors [{code, message}]`` and
    keeps the checkout; ``saleor.refusal_reason`` reads ``code`` back for our own callers."""
    return saleor.checkout_refusal(message, code.value)


def _money(amount: Decimal, currency: str) -> str:
    return f"{budgets.quantize(amount):.2f} {currency}"


def _share_used(spent: Decimal, amount: Decimal) -> int:
    """How much of a budget is used, in whole percent (rounded down, a used-up or empty
    budget is 100): what a role that sees no prices (L20) reads instead of amounts."""
    if amount <= 0:
        return 100
    return int(max(spent, Decimal(0)) * 100 // amount)


# Which company ----------------------------------------------------------------------------


def buyer_membership(user: Any, company_id: int | None = None) -> Membership | None:
    """The membership a checkout of ``user`` is placed for, None for a non-company buyer.

    The company tagged on the checkout (quick order) wins, then the user's current
    company, then their only active membership. Raises when the user is a company buyer
    who may not order for that company (inactive membership, blocked company, role too
    low, or several companies and none chosen).
    """
    if user is None or not getattr(user, "pk", None):
        return None
    memberships = list(
        Membership.objects.filter(user=user).select_related("company").order_by("pk")
    )
    if not memberships:
        return None
    if company_id is None:
        preference = UserPreference.objects.filter(user=user).only("current_company").first()
        company_id = preference.current_company_id if preference else None
        if company_id is not None and all(m.company_id != company_id for m in memberships):
            company_id = None  # a stale preference (membership removed): decide as if unset
    if company_id is not None:
        chosen = next((m for m in memberships if m.company_id == company_id), None)
        if chosen is None:
            raise _refuse(
                "You cannot order for this company.", CustomerCenterErrorCode.PERMISSION_DENIED
            )
    else:
        active = [m for m in memberships if m.is_active and m.company.can_operate]
        if len(active) > 1:
            raise _refuse(
                "Choose the company you are ordering for in your customer center first.",
                CustomerCenterErrorCode.INVALID,
            )
        chosen = active[0] if active else memberships[0]
    if not chosen.is_active:
        raise _refuse(
            f"Your access to {chosen.company.name} is deactivated; you cannot order for it.",
            CustomerCenterErrorCode.INACTIVE,
        )
    if not chosen.company.can_operate:
        raise _refuse(
            f"{chosen.company.name} cannot place orders at the moment. Please contact the shop.",
            CustomerCenterErrorCode.COMPANY_BLOCKED,
        )
    if not can_place_orders(chosen.role):
        raise _refuse(
            f"Your role does not allow placing orders for {chosen.company.name}.",
            CustomerCenterErrorCode.PERMISSION_DENIED,
        )
    return chosen


def _budget_ids(membership: Membership) -> list[int]:
    """The member's own budget and the company-wide one, when set."""
    return list(
        Budget.objects.filter(company_id=membership.company_id)
        .filter(membership__isnull=True)
        .values_list("pk", flat=True)
    ) + list(Budget.objects.filter(membership=membership).values_list("pk", flat=True))


# Check and reserve ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reservation:
    membership: Membership | None
    charges: list[BudgetCharge]


def check_and_reserve(
    checkout: Any,
    user: Any,
    plugin_settings: settings_store.PluginSettings,
    reprice: Callable[[], None] | None = None,
) -> Reservation:
    """The hook's work: refuse or reserve, atomically, idempotently per checkout token.

    A buyer of no company costs one indexed query and nothing else: ``reprice`` (Saleor's
    pricing of the checkout, needed before the total is read) runs only for company buyers.
    """
    if user is None or not getattr(user, "pk", None):
        return Reservation(None, [])
    membership = buyer_membership(user, saleor.checkout_company_tag(checkout))
    if membership is None:
        return Reservation(None, [])
    # The company's own rules before its budget: a PO number where it requires one, and a
    # quote's checkout only as quoted (services/purchase_orders.py, services/quotes.py).
    purchase_orders.check_checkout(membership.company, checkout)
    quote_checkouts.check_checkout(membership, checkout)
    if reprice is not None:
        reprice()
    token = saleor.checkout_token(checkout)
    amount, currency = saleor.checkout_total_gross(checkout)
    amount = budgets.quantize(amount)
    over: tuple[Budget, Decimal, Decimal] | None = None
    with transaction.atomic():
        locked = locks.lock_budgets(_budget_ids(membership))
        if not locked:
            return Reservation(membership, [])
        approval = _approved_request(membership, token, amount)
        existing = {
            charge.budget_id: charge for charge in locks.lock_charges_for_checkout(locked, token)
        }
        today = budgets.shop_today()
        planned: list[tuple[Budget, BudgetCharge | None, dt.date]] = []
        for budget in locked:
            charge = existing.get(budget.pk)
            if charge is not None and charge.status == COMMITTED:
                continue  # the order exists already; nothing to check
            if budget.currency != currency:
                raise _refuse(
                    f"Your budget is kept in {budget.currency}; this checkout is in {currency}.",
                    CustomerCenterErrorCode.OVER_BUDGET,
                )
            begin, _ = budgets.current_period(budget, today)
            row = locks.lock_period_spend(budget, begin)
            already = (
                charge.amount
                if charge is not None and charge.status == RESERVED and charge.period_start == begin
                else Decimal(0)
            )
            remaining = budget.amount - (row.spent - already)
            if amount > remaining and approval is None:
                over = (budget, max(remaining, Decimal(0)), row.spent - already)
                break
            planned.append((budget, charge, begin))
        if over is None:
            charges = [
                _reserve(budget, charge, begin, token, amount, currency, user)
                for budget, charge, begin in planned
            ]
            if approval is not None:
                _consume_approval(approval, user)
            return Reservation(membership, charges)
    # Over budget: nothing was reserved (the atomic block above is closed and committed).
    budget, remaining, used = over
    refusal = _over_budget_message(membership, budget, amount, currency, remaining, used)
    if plugin_settings.over_budget_behaviour == settings_store.OVER_BUDGET_ASK_APPROVAL:
        po_number = purchase_orders.po_number_of_checkout(checkout)
        request, created = request_approval(
            membership, user, token, amount, currency, remaining, po_number=po_number
        )
        state = "has been sent to" if created else "is waiting for"
        refusal += (
            f" An approval request {state} your company's administrators; once approved, "
            "complete this checkout again."
        )
    raise _refuse(refusal, CustomerCenterErrorCode.OVER_BUDGET)


def _over_budget_message(
    membership: Membership,
    budget: Budget,
    amount: Decimal,
    currency: str,
    remaining: Decimal,
    used: Decimal,
) -> str:
    """The refusal the buyer reads: the order and the remaining budget for a role that
    sees prices; for L20 ("Orders without Price, Discount and Amount", DESIGN.md section 3)
    only that the budget does not allow it and the share used, never an amount."""
    who = "your company's" if budget.membership_id is None else "your"
    if not sees_prices(membership.role):
        return (
            f"This order exceeds {who} remaining budget: "
            f"{_share_used(used, budget.amount)} % of it is used."
        )
    return (
        f"This order of {_money(amount, currency)} exceeds {who} remaining budget of "
        f"{_money(remaining, currency)}."
    )


def _reserve(
    budget: Budget,
    charge: BudgetCharge | None,
    begin: dt.date,
    token: str,
    amount: Decimal,
    currency: str,
    user: Any,
) -> BudgetCharge:
    """Write the reservation; the budget is locked and the check has passed."""
    if charge is not None and charge.status == RESERVED:
        if charge.period_start == begin and charge.amount == amount:
            return charge  # a retried completion: spend nothing twice
        budgets.ledger_add(budget, charge.period_start, -charge.amount)
    budgets.ledger_add(budget, begin, amount)
    if charge is None:
        charge = BudgetCharge(budget=budget, checkout_token=token)
    charge.period_start, charge.amount, charge.currency = begin, amount, currency
    charge.status, charge.placed_by = RESERVED, user
    charge.save()
    return charge


# Approval ---------------------------------------------------------------------------------------


def _approved_request(membership: Membership, token: str, amount: Decimal) -> CompanyRequest | None:
    """An approved, unused approval of this member for this checkout and this amount."""
    candidates = CompanyRequest.objects.select_for_update(of=("self",)).filter(
        company_id=membership.company_id,
        membership=membership,
        kind=RequestKind.BUDGET_APPROVAL,
        status=RequestStatus.APPROVED,
        payload__checkout_token=token,
    )
    for request in candidates.order_by("pk"):
        if budgets.quantize(Decimal(str(request.payload.get("amount", "-1")))) == amount:
            return request
    return None


def _consume_approval(request: CompanyRequest, user: Any) -> None:
    request.status = RequestStatus.USED
    request.save(update_fields=["status", "updated_at"])
    CompanyRequestEvent.objects.create(
        request=request, status=RequestStatus.USED, actor=user, note="Checkout completed."
    )


def request_approval(
    membership: Membership,
    user: Any,
    token: str,
    amount: Decimal,
    currency: str,
    remaining: Decimal,
    po_number: str = "",
) -> tuple[CompanyRequest, bool]:
    """A pending budget-approval request to the company's admins; one per checkout amount."""
    with transaction.atomic():
        # Lock the membership row: two completions of one checkout raise one request.
        Membership.objects.filter(pk=membership.pk).select_for_update(of=("self",)).get()
        pending = CompanyRequest.objects.filter(
            company_id=membership.company_id,
            membership=membership,
            kind=RequestKind.BUDGET_APPROVAL,
            status=RequestStatus.PENDING,
            payload__checkout_token=token,
            payload__amount=str(amount),
        ).first()
        if pending is not None:
            return pending, False
        payload = {
            "checkout_token": token,
            "amount": str(amount),
            "currency": currency,
            "remaining": str(budgets.quantize(remaining)),
        }
        if po_number:
            payload["po_number"] = po_number
        request = CompanyRequest.objects.create(
            company_id=membership.company_id,
            kind=RequestKind.BUDGET_APPROVAL,
            requested_by=user,
            membership=membership,
            payload=payload,
        )
        CompanyRequestEvent.objects.create(
            request=request, status=RequestStatus.PENDING, actor=user
        )
        audit.record(
            membership.company,
            user,
            audit.Action.REQUEST_CREATED,
            target=request,
            after={"kind": RequestKind.BUDGET_APPROVAL, **payload},
        )
        emails.queue_email(
            "budget_approval_requested",
            companies.admin_emails(membership.company_id),
            {
                "company_name": membership.company.name,
                "member_email": user.email,
                "amount": _money(amount, currency),
                "remaining": _money(remaining, currency),
                "request_id": request.pk,
                "po_number": po_number,
            },
            company=membership.company,
        )
    return request, True


# Link, commit, release ----------------------------------------------------------------------------


def link_order(order: Any, plugin_settings: PluginSettings) -> CompanyOrder | None:
    """Link a Saleor order to its company and member, and commit its budget charges.

    Idempotent (a later save of the same order finds the link). Matches on
    ``Order.checkout_token``, the checkout ``preprocess_order_creation`` saw.
    """
    token = order.checkout_token or ""
    if not token or order.user_id is None:
        return None
    with transaction.atomic():
        locked = locks.lock_budgets(_buyer_budget_ids(order.user_id))
        charges = locks.lock_charges_for_checkout(locked, token)
        link = CompanyOrder.objects.filter(order_id=order.pk).first()
        if link is None:
            membership = _membership_for_order(order, charges)
            if membership is None:
                return None
            link = _create_link(order, membership, token)
            if link is None:
                return CompanyOrder.objects.filter(order_id=order.pk).first()
        by_id = {budget.pk: budget for budget in locked}
        crossed: list[tuple[Budget, Any]] = []
        for charge in charges:
            budget = by_id.get(charge.budget_id)
            if budget is None or charge.status == COMMITTED:
                continue
            row = _commit(budget, charge, order)
            if row is not None:
                crossed.append((budget, row))
        if saleor.order_is_released(order):
            _release_charges(by_id, [c for c in charges if c.status == COMMITTED])
        for budget, row in crossed:
            _maybe_alert(budget, row, plugin_settings.budget_alert_threshold)
    return link


def _buyer_budget_ids(user_id: int) -> list[int]:
    """Budgets a checkout of this user can have charged: their members' and companies'."""
    company_ids = Membership.objects.filter(user_id=user_id).values("company_id")
    return list(
        Budget.objects.filter(
            Q(membership__user_id=user_id) | Q(membership__isnull=True, company_id__in=company_ids)
        ).values_list("pk", flat=True)
    )


def _membership_for_order(order: Any, charges: list[BudgetCharge]) -> Membership | None:
    """The member of the reservation, else the company tag, else the buyer's company."""
    for charge in charges:
        if charge.budget.membership_id:
            return Membership.objects.select_related("company").get(pk=charge.budget.membership_id)
    company_id = saleor.order_company_tag(order)
    if company_id is None and charges:
        company_id = charges[0].budget.company_id
    try:
        return buyer_membership(order.user, company_id)
    except ValidationError:
        # The order exists (the hook let it through, or it came another way): still link it
        # to the company it names, never lose it.
        if company_id is None:
            return None
        return (
            Membership.objects.select_related("company")
            .filter(user_id=order.user_id, company_id=company_id)
            .first()
        )


def _create_link(order: Any, membership: Membership, token: str) -> CompanyOrder | None:
    try:
        with transaction.atomic():
            # The quote by the checkout the order came from, never by metadata a storefront
            # can write (services/quotes.py, check_checkout).
            quote = quote_checkouts.quote_of_checkout(membership.company_id, token)
            return CompanyOrder.objects.create(
                order=order,
                company_id=membership.company_id,
                membership=membership,
                placed_by_id=order.user_id,
                checkout_token=token,
                created_at=order.created_at,
                po_number=purchase_orders.po_number_of_order(order),
                quote=quote,
            )
    except IntegrityError:
        return None  # linked concurrently by the other path


def _commit(budget: Budget, charge: BudgetCharge, order: Any):
    """reserved/released -> committed, in the period of the order's date, at its amount."""
    begin = budgets.charge_period_for_order(budget, order.created_at)
    amount = budgets.quantize(order.total_gross_amount)
    if charge.status == RESERVED:
        budgets.ledger_add(budget, charge.period_start, -charge.amount)
    row = budgets.ledger_add(budget, begin, amount)
    charge.period_start, charge.amount, charge.order_id = begin, amount, order.pk
    charge.status = COMMITTED
    charge.save(update_fields=["period_start", "amount", "order", "status", "updated_at"])
    return row


def release_order(order: Any) -> int:
    """Give a cancelled order's amount back to its budgets; idempotent. Returns how many."""
    with transaction.atomic():
        unlocked = list(BudgetCharge.objects.filter(order_id=order.pk).only("budget_id"))
        if not unlocked:
            return 0
        locked = locks.lock_budgets(charge.budget_id for charge in unlocked)
        charges = [c for c in locks.lock_charges_for_order(order.pk) if c.status == COMMITTED]
        return _release_charges({budget.pk: budget for budget in locked}, charges)


def _release_charges(by_id: dict[int, Budget], charges: list[BudgetCharge]) -> int:
    for charge in charges:
        budget = by_id[charge.budget_id]
        budgets.ledger_add(budget, charge.period_start, -charge.amount)
        charge.status = RELEASED
        charge.save(update_fields=["status", "updated_at"])
    return len(charges)


def release_stale_reservation(charge_id: int, plugin_settings: PluginSettings) -> bool:
    """Release one reservation whose checkout never became an order; True when released."""
    charge = BudgetCharge.objects.filter(pk=charge_id, status=RESERVED).first()
    if charge is None:
        return False
    order = saleor.orders_for_checkout_tokens([charge.checkout_token]).first()
    if order is not None:
        link_order(order, plugin_settings)  # the order exists after all: commit instead
        return False
    with transaction.atomic():
        locked = locks.lock_budgets([charge.budget_id])
        charge = (
            BudgetCharge.objects.filter(pk=charge_id, status=RESERVED)
            .select_for_update(of=("self",))
            .first()
        )
        if not locked or charge is None:
            return False
        budgets.ledger_add(locked[0], charge.period_start, -charge.amount)
        charge.status = RELEASED
        charge.save(update_fields=["status", "updated_at"])
    return True


def stale_reservation_ids(older_than: dt.timedelta) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        BudgetCharge.objects.filter(status=RESERVED, updated_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# Alerts ------------------------------------------------------------------------------------------


def _maybe_alert(budget: Budget, row, threshold: Decimal) -> None:
    """One email per period when spending crosses the operator's threshold."""
    if row.alert_sent_at is not None or budget.amount <= 0:
        return
    if row.spent * 100 < budget.amount * threshold:
        return
    row.alert_sent_at = timezone.now()
    row.save(update_fields=["alert_sent_at"])
    recipients = companies.admin_emails(budget.company_id)
    member_email, member_sees_prices = "", True
    if budget.membership_id:
        membership = Membership.objects.select_related("user").get(pk=budget.membership_id)
        member_email = membership.user.email
        member_sees_prices = sees_prices(membership.role)
    _, next_start = budgets.current_period(budget, row.period_start)
    context = {
        "company_name": budget.company.name,
        "member_email": member_email,
        "threshold": f"{threshold.normalize():f}",
        "used": _share_used(row.spent, budget.amount),
        "resets_on": next_start.isoformat() if next_start else "",
    }
    figures = {
        "amount": _money(budget.amount, budget.currency),
        "spent": _money(row.spent, budget.currency),
        "remaining": _money(max(budget.amount - row.spent, Decimal(0)), budget.currency),
    }
    if member_email and not member_sees_prices and member_email not in recipients:
        # An L20 member is told the share used, never an amount (DESIGN.md section 3).
        emails.queue_email("budget_threshold", [member_email], context, company=budget.company)
    elif member_email:
        recipients.append(member_email)
    emails.queue_email(
        "budget_threshold", recipients, {**context, **figures}, company=budget.company
    )
