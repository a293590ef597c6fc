"""Flow 1: a company activates its customer center with customer + invoice number + email.

Rules (README "Security", the activation rows; issues 2, 6 and 12):
- the invoice must belong to the customer and the email must be an active ERP main contact
  of it (case-insensitive); any mismatch, and a blocked or inactive company, gives one
  uniform error that does not say which value was wrong;
- a password check (or a dummy hash) runs on every attempt, so timing does not tell whether
  the email has an account;
- attempts are counted (ActivationAttempt rows, committed even when the activation is
  refused): per client address (taken as Saleor takes it, ``saleor.client_ip``) a hard
  limit per window, the attacker's own addresses; per customer number a *delay* that grows
  with each failure (1, 2, 4 ... seconds, capped), not a lock, so attempts from other
  addresses can keep the real main contact waiting a minute at most, never locked out
  (issue 12 item 12);
- customer-center company with an active admin (L80+): the exact "contact your shop
  administrator" message with the ERP admin email;
- customer-center company without one: the user is created (or re-used, with its correct
  password) and becomes the Owner, linked to the ERP contact;
- company without the customer-center flag: a standard business user, no membership; the
  customer number is kept in the user's private metadata (``saleor.tag_business_customer``).
Tokens are Saleor's own (``saleor.create_tokens``), as ``tokenCreate`` returns them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import conf, emails, saleor
from ..error_codes import CustomerCenterErrorCode
from ..models import ActivationAttempt, Company, ErpContact, Invoice, Membership
from ..roles import Role
from . import audit, companies, locks
from .errors import field_error

UNIFORM_MESSAGE = gettext_lazy(
    "We could not verify these details. Check the customer number, the invoice number "
    "and the email, or contact the shop."
)
CUSTOMER_CENTER_IN_USE_MESSAGE = gettext_lazy(
    "Your company is using a Customer center. Please contact your shop administrator "
    "{email} for activating an account."
)
TOO_MANY_MESSAGE = gettext_lazy(
    "Too many activation attempts. Please wait {minutes} minutes and try again."
)
WAIT_MESSAGE = gettext_lazy(
    "Too many activation attempts for this customer number. Please wait {seconds} seconds "
    "and try again."
)
WRONG_PASSWORD_MESSAGE = gettext_lazy(
    "This email already has a shop account: give its password to activate the company."
)


@dataclass
class ActivationResult:
    user: Any
    company: Company | None  # None for a business user without customer center
    tokens: dict[str, str]
    business_user: bool


def _refused() -> ValidationError:
    return ValidationError(UNIFORM_MESSAGE, code=CustomerCenterErrorCode.ACTIVATION_REFUSED.value)


def customer_delay(failures: int) -> int:
    """Seconds the next attempt on a customer number waits after ``failures`` recent
    failures: none for the free ones, then 1, 2, 4 ... up to ACTIVATION_MAX_DELAY_SECONDS."""
    beyond = failures - conf.get("ACTIVATION_FREE_ATTEMPTS")
    if beyond < 0:
        return 0
    return min(2 ** min(beyond, 30), conf.get("ACTIVATION_MAX_DELAY_SECONDS"))


def _count_attempt(client_address: str | None, customer_number: str) -> ActivationAttempt:
    """Refuse while a limit holds, else record this attempt; count and record under the
    counters' lock, committed on its own so a refused activation still counts. A refused
    attempt is not recorded, so waiting out a delay is enough and hammering adds nothing."""
    window = conf.get("ACTIVATION_WINDOW_SECONDS")
    now = timezone.now()
    recent = ActivationAttempt.objects.filter(created_at__gte=now - timedelta(seconds=window))
    customer_number = customer_number[:64]  # as stored, so long numbers count alike
    with transaction.atomic():
        locks.lock_activation_counters(client_address, customer_number)
        if client_address and recent.filter(client_address=client_address).count() >= conf.get(
            "ACTIVATION_MAX_ATTEMPTS"
        ):
            raise ValidationError(
                TOO_MANY_MESSAGE.format(minutes=max(window // 60, 1)),
                code=CustomerCenterErrorCode.TOO_MANY_ATTEMPTS.value,
            )
        if customer_number:
            failures = recent.filter(customer_number=customer_number, succeeded=False)
            delay = customer_delay(failures.count())
            last = failures.order_by("-created_at").values_list("created_at", flat=True).first()
            if delay and last is not None and now < last + timedelta(seconds=delay):
                wait = (last + timedelta(seconds=delay) - now).total_seconds()
                raise ValidationError(
                    WAIT_MESSAGE.format(seconds=max(1, math.ceil(wait))),
                    code=CustomerCenterErrorCode.TOO_MANY_ATTEMPTS.value,
                )
        return ActivationAttempt.objects.create(
            client_address=client_address or None, customer_number=customer_number
        )


def activate(
    *,
    customer_number: str,
    invoice_number: str,
    email: str,
    password: str,
    client_address: str | None,
) -> ActivationResult:
    """Activate; raises ValidationError (codes ACTIVATION_REFUSED, TOO_MANY_ATTEMPTS,
    INVALID_CREDENTIALS, PASSWORD_TOO_WEAK).

    Manages its own transaction: the attempt row is written before the savepoint of the
    activation, so a refused attempt still counts.
    """
    customer_number = (customer_number or "").strip()
    invoice_number = (invoice_number or "").strip()
    email = (email or "").strip()
    attempt = _count_attempt(client_address, customer_number)
    with transaction.atomic():
        result = _activate(customer_number, invoice_number, email, password or "")
        attempt.succeeded = True
        attempt.save(update_fields=["succeeded"])
    return result


def _activate(customer_number: str, invoice_number: str, email: str, password: str):
    company = (
        Company.objects.select_for_update().filter(customer_number=customer_number).first()
        if customer_number
        else None
    )
    invoice_ok = bool(
        company
        and invoice_number
        and Invoice.objects.filter(company=company, invoice_number=invoice_number).exists()
    )
    contact = (
        ErpContact.objects.filter(
            company=company, is_main_contact=True, is_active=True, email__iexact=email
        )
        .select_related("member")
        .first()
        if company and email
        else None
    )
    user = saleor.find_user_by_email(email) if email else None
    # Always one password check, whatever matched: the timing must not tell.
    password_ok = saleor.password_matches(user, password)
    if company is None or not invoice_ok or contact is None or not company.can_operate:
        raise _refused()
    if company.customer_center_enabled and companies.active_admins(company.pk).exists():
        raise ValidationError(
            CUSTOMER_CENTER_IN_USE_MESSAGE.format(email=_administrator_email(company)),
            code=CustomerCenterErrorCode.ACTIVATION_REFUSED.value,
        )
    created = user is None
    if user is None:
        user = _new_user(email, contact, password)
    elif not password_ok or not (user.is_active or saleor.reactivate_user(user)):
        # A login the plugin switched off (no company left) comes back with a new company;
        # one the shop itself blocked stays blocked.
        raise field_error(
            "password", WRONG_PASSWORD_MESSAGE, CustomerCenterErrorCode.INVALID_CREDENTIALS.value
        )
    if not company.customer_center_enabled:
        saleor.tag_business_customer(user, company.customer_number)
        audit.record(
            company,
            user,
            audit.Action.COMPANY_ACTIVATED,
            target=None,
            after={"business_user": True, "email": user.email, "user_created": created},
        )
        _email(user, company, business_user=True)
        return ActivationResult(user, None, saleor.create_tokens(user), business_user=True)
    membership = _make_owner(company, user, contact)
    audit.record(
        company,
        user,
        audit.Action.COMPANY_ACTIVATED,
        target=membership,
        after={"email": user.email, "role": Role.L90_OWNER.name, "user_created": created},
    )
    _email(user, company, business_user=False)
    return ActivationResult(user, company, saleor.create_tokens(user), business_user=False)


def _administrator_email(company: Company) -> str:
    """The ERP's administrator email; without one, the company's highest active admin."""
    if company.admin_email:
        return company.admin_email
    admin = (
        companies.active_admins(company.pk).select_related("user").order_by("-role", "pk").first()
    )
    return admin.user.email if admin else ""


def _new_user(email: str, contact: ErpContact, password: str):
    candidate = saleor.user_model()(
        email=email, first_name=contact.first_name, last_name=contact.last_name
    )
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise field_error(
            "password", exc.messages, CustomerCenterErrorCode.PASSWORD_TOO_WEAK.value
        ) from None
    return saleor.build_user(email, contact.first_name, contact.last_name, password=password)


def _make_owner(company: Company, user: Any, contact: ErpContact) -> Membership:
    """The user becomes the one Owner; a former (inactive, lower) membership is reused."""
    membership = Membership.objects.filter(company=company, user=user).first()
    if membership is None:
        membership = Membership(company=company, user=user)
    membership.role = Role.L90_OWNER
    membership.is_active = True
    membership.deactivated_at = None
    membership.salutation = membership.salutation or contact.salutation
    linked = getattr(contact, "member", None)
    if linked is None or linked.pk == membership.pk:
        membership.erp_contact = contact
    membership.save()
    return membership


def _email(user: Any, company: Company, business_user: bool) -> None:
    emails.queue_email(
        "account_activated",
        [user.email],
        {
            "recipient_name": user.first_name or user.email,
            "company_name": company.name,
            "customer_number": company.customer_number,
            "business_user": business_user,
        },
        company=company,
    )
