"""A quote's Saleor checkout at order time: it orders only what was quoted (issue 15).

Apart from services/quotes.py so that services/checkout_budget.py, which runs inside
Saleor's ``checkoutComplete``, does not import the quote workflow, which itself reads
orders (docs/architecture.md, "No import loops").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .. import saleor
from ..error_codes import CustomerCenterErrorCode as Code
from ..models import Membership, Quote, QuoteStatus

CENT = Decimal("0.01")


def _today() -> dt.date:
    return timezone.localdate()


def check_checkout(membership: Membership, checkout: Any) -> None:
    """In ``preprocess_order_creation``: a quote's checkout orders only what was quoted,
    while the quotation is valid (Saleor's ``CheckoutErrorCode.INVALID``, as the budget).

    The quote is found by the checkout's token, never by its metadata: a storefront may
    edit a checkout's metadata with Saleor's ``deleteMetadata``, and the quoted prices (line
    price overrides) stay on the lines whatever their quantity.
    """
    quote = Quote.objects.filter(checkout_token=saleor.checkout_token(checkout)).first()
    if quote is None:
        return
    if quote.company_id != membership.company_id or quote.status != QuoteStatus.ACCEPTED:
        raise saleor.checkout_refusal(
            "This quote cannot be ordered: it was declined or is not accepted.",
            Code.QUOTE_NOT_OPEN.value,
        )
    quotation = quote.quotations.filter(version=quote.accepted_version or 0).first()
    if quotation is None or quotation.valid_until < _today():
        raise saleor.checkout_refusal(
            f"Quote {quote.pk} expired on {quotation.valid_until if quotation else ''}: "
            "ask the shop for a new quotation.",
            Code.QUOTE_EXPIRED.value,
        )
    quoted = sorted(
        (line.sku, line.quantity, line.unit_price.quantize(CENT)) for line in quotation.lines.all()
    )
    actual = sorted(
        (sku, quantity, Decimal(price).quantize(CENT) if price is not None else None)
        for sku, quantity, price in saleor.checkout_lines_priced(checkout)
    )
    if quoted != actual:
        raise saleor.checkout_refusal(
            f"This checkout no longer matches quote {quote.pk}: order the quoted lines and "
            "quantities only.",
            Code.QUOTE_CHANGED.value,
        )


def quote_of_checkout(company_id: int, token: str) -> Quote | None:
    """The quote whose acceptance made the checkout of ``token`` (the order's link back)."""
    if not token:
        return None
    return Quote.objects.filter(company_id=company_id, checkout_token=token).first()
