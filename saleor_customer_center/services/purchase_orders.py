"""Purchase-order numbers: what a buyer gives each order, and the company's rule that every
order carries one.

The number travels on the Saleor checkout's metadata (``saleor.PO_NUMBER_METADATA_KEY``):
quick order and an accepted quote set it, a storefront sets it with Saleor's
``updateMetadata`` on the checkout. Saleor copies checkout metadata to the order, and the
order link keeps a copy for the orders list's filter. A company that requires one is
checked in ``preprocess_order_creation`` (checkout_budget.py), where Saleor answers a
refusal as ``checkoutComplete``'s ``errors [{code, message}]``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, saleor
from ..error_codes import CustomerCenterErrorCode as Code
from ..models import Company
from . import audit
from .errors import field_error

MAX_LENGTH = 64
PO_NUMBER_REQUIRED_MESSAGE = gettext_lazy(
    "%(company)s requires a purchase-order number on every order. Add your PO number to the "
    "checkout and complete it again."
)


def clean_po_number(value: Any, field: str = "po_number") -> str:
    """A PO number as stored: trimmed, printable, at most 64 characters ("" for none)."""
    text = " ".join(str(value or "").split())
    if len(text) > MAX_LENGTH:
        raise field_error(
            field,
            _("A PO number has at most %(n)d characters.") % {"n": MAX_LENGTH},
            Code.INVALID.value,
        )
    if any(not ch.isprintable() for ch in text):
        raise field_error(
            field, _("The PO number holds characters that cannot be printed."), Code.INVALID.value
        )
    return text


def require_for(company: Company, po_number: str, field: str = "po_number") -> None:
    """Where the plugin itself builds the checkout (quick order, quotes): ask up front."""
    if company.po_number_required and not po_number:
        raise field_error(
            field,
            _("Your company requires a purchase-order number."),
            Code.PO_NUMBER_REQUIRED.value,
        )


def check_checkout(company: Company, checkout: Any) -> None:
    """In ``preprocess_order_creation``: refuse a checkout without the required PO number.

    The refusal is :func:`saleor.checkout_refusal` (Saleor's ``CheckoutErrorCode.INVALID``,
    the plugin's message and reason), as the budget's is.
    """
    if not company.po_number_required:
        return
    value = saleor.checkout_metadata(checkout).get(saleor.PO_NUMBER_METADATA_KEY, "")
    if str(value or "").strip():
        return
    message = str(PO_NUMBER_REQUIRED_MESSAGE) % {"company": company.name}
    raise saleor.checkout_refusal(message, Code.PO_NUMBER_REQUIRED.value)


def po_number_of_checkout(checkout: Any) -> str:
    value = saleor.checkout_metadata(checkout).get(saleor.PO_NUMBER_METADATA_KEY, "")
    return str(value or "").strip()[:MAX_LENGTH]


def po_number_of_order(order: Any) -> str:
    return saleor.order_metadata_value(order, saleor.PO_NUMBER_METADATA_KEY)[:MAX_LENGTH]


@transaction.atomic
def set_required(user: Any, company_id: int, required: bool, field: str = "companyId") -> Company:
    """The company's admins (L80+) decide whether every order needs a PO number."""
    membership = permissions.membership_for(user, company_id, field=field)
    permissions.require_user_manager(membership)
    company = Company.objects.select_for_update(of=("self",)).get(pk=membership.company_id)
    if company.po_number_required != bool(required):
        before = {"po_number_required": company.po_number_required}
        company.po_number_required = bool(required)
        company.save(update_fields=["po_number_required", "updated_at"])
        audit.record(
            company,
            user,
            audit.Action.COMPANY_SETTINGS_CHANGED,
            target=company,
            before=before,
            after={"po_number_required": company.po_number_required},
        )
    return company
