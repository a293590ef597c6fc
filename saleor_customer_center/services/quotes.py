"""Quotes: a company asks for prices, the shop answers with quotations, an approver accepts.

1. :func:`request_quote`: a member who may (``permissions.can_request_quotes``) lists SKUs
   and quantities (or takes them from a past order), a note, a wanted-by date and a PO
   number. A ``CompanyRequest`` of kind ``quote`` puts it in the operator's queue and the
   company's requests.
2. :func:`send_quotation`: the operator (staff, MANAGE_USERS) answers with a price per
   line or a discount in percent, a validity date and a message. Each answer is a new
   ``Quotation`` version; earlier ones are kept. The company's approvers are emailed.
3. :func:`accept_quote` / :func:`decline_quote`: an approver of the company, before the
   validity date. Accepting builds one Saleor checkout (the quote row is locked, a second
   acceptance returns the same checkout) whose lines carry the quoted unit prices as
   Saleor's checkout line price override (through the adapter). The buyer completes it with
   Saleor's ``checkoutComplete``, where the budget and the PO rule apply as for any order,
   and :func:`check_checkout` refuses a checkout whose quote is no longer valid or whose
   lines were changed. The member who asked for the quote is emailed the decision when
   someone else made it (:func:`_tell_requester`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import emails, permissions, saleor, settings_store
from ..error_codes import CustomerCenterErrorCode as Code
from ..links import Links
from ..models import (
    CompanyOrder,
    CompanyRequestEvent,
    Membership,
    Quotation,
    QuotationLine,
    Quote,
    QuoteLine,
    QuoteStatus,
)
from ..models.request import RequestKind, RequestStatus
from ..roles import Role, sees_prices
from . import audit, orders, purchase_orders, quick_order, requests
from .errors import field_error

NOTE_MAX = 5000
MESSAGE_MAX = 5000
CENT = Decimal("0.01")
OPEN_FOR_QUOTATION = (QuoteStatus.REQUESTED, QuoteStatus.QUOTED)


def _today() -> dt.date:
    return timezone.localdate()


# Reading -----------------------------------------------------------------------------------


def _with_versions(queryset: QuerySet[Quote]) -> QuerySet[Quote]:
    """Lines, versions with their lines, and the order made of it: constant queries."""
    return queryset.select_related("requested_by", "company").prefetch_related(
        Prefetch("lines", queryset=QuoteLine.objects.order_by("position")),
        Prefetch(
            "quotations",
            queryset=Quotation.objects.order_by("version").prefetch_related(
                Prefetch("lines", queryset=QuotationLine.objects.order_by("position"))
            ),
        ),
        Prefetch(
            "order_links",
            queryset=CompanyOrder.objects.select_related("order").order_by("created_at"),
        ),
    )


def quotes_for(membership: Membership | None, company_id: int) -> QuerySet[Quote]:
    """The company's quotes, newest first, for a member who may see quotes (staff:
    membership None). Like the company's orders, every quote is the company's: who may see
    quotes sees them all (prices by role)."""
    queryset = Quote.objects.filter(company_id=company_id)
    if membership is not None and not permissions.can_see_quotes(membership):
        raise permissions.PermissionDenied()
    return _with_versions(queryset).order_by("-created_at", "-pk")


def company_quotes(
    user: Any, company_id: int, field: str = "companyId"
) -> tuple[QuerySet[Quote], Membership | None]:
    """(the company's quotes the caller may see, the caller's membership; None for staff)."""
    permissions.require_user(user)
    if permissions.is_staff_with(user):
        company, _membership = permissions.company_for_staff_or_member(user, company_id)
        return quotes_for(None, company.pk), None  # the shop reads every quote, with prices
    membership = permissions.membership_for(user, company_id, field=field)
    return quotes_for(membership, membership.company_id), membership


def quote_for(user: Any, quote_id: int, field: str = "id") -> tuple[Quote, Membership | None]:
    """One quote the caller may see; another company's answers exactly like a missing one."""
    permissions.require_user(user)
    quote = Quote.objects.filter(pk=quote_id).only("company_id").first()
    if quote is None:
        raise permissions.NotFound("quote", field=field)
    if permissions.is_staff_with(user):
        membership = None
    else:
        membership = permissions.membership_for(user, quote.company_id, field=field, what="quote")
    try:
        found = quotes_for(membership, quote.company_id).filter(pk=quote_id).first()
    except permissions.PermissionDenied:
        raise
    if found is None:
        raise permissions.NotFound("quote", field=field)
    return found, membership


@dataclass(frozen=True)
class QuotationLineView:
    sku: str
    product_name: str
    quantity: int
    list_price: Decimal | None
    unit_price: Decimal | None
    total: Decimal | None


@dataclass(frozen=True)
class QuotationView:
    quotation: Quotation
    version: int
    valid_until: dt.date
    expired: bool
    message: str
    discount_percent: Decimal | None
    currency: str
    total: Decimal | None
    lines: list[QuotationLineView]


@dataclass(frozen=True)
class QuoteView:
    """A quote as one caller may see it: money is None for a role that sees no prices."""

    quote: Quote
    shows_prices: bool
    may_decide: bool
    versions: list[QuotationView]
    order: Any  # the CompanyOrder made of it, or None

    @property
    def currency(self) -> str:
        current = self.current
        return current.currency if current else ""

    @property
    def current(self) -> QuotationView | None:
        return self.versions[-1] if self.versions else None

    @property
    def can_accept(self) -> bool:
        current = self.current
        return (
            self.may_decide
            and self.quote.status == QuoteStatus.QUOTED
            and current is not None
            and not current.expired
        )


def quote_view(quote: Quote, membership: Membership | None) -> QuoteView:
    prices = membership is None or sees_prices(membership.role)
    today = _today()

    def m(value: Decimal | None) -> Decimal | None:
        return value if prices and value is not None else None

    versions = []
    for quotation in quote.quotations.all():
        lines = [
            QuotationLineView(
                sku=line.sku,
                product_name=line.product_name,
                quantity=line.quantity,
                list_price=m(line.list_price),
                unit_price=m(line.unit_price),
                total=m(line.unit_price * line.quantity),
            )
            for line in quotation.lines.all()
        ]
        total = sum((line.unit_price * line.quantity for line in quotation.lines.all()), Decimal(0))
        versions.append(
            QuotationView(
                quotation=quotation,
                version=quotation.version,
                valid_until=quotation.valid_until,
                expired=quotation.valid_until < today,
                message=quotation.message,
                discount_percent=m(quotation.discount_percent),
                currency=quotation.currency,
                total=m(total),
                lines=lines,
            )
        )
    links = list(quote.order_links.all())
    return QuoteView(
        quote=quote,
        shows_prices=prices,
        may_decide=membership is not None and permissions.can_approve_quotations(membership),
        versions=versions,
        order=links[0] if links else None,
    )


# 1. Request ------------------------------------------------------------------------------------


def _clean_date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise field_error(field, _("Give the date as YYYY-MM-DD."), Code.INVALID.value) from None


def lines_of_order(membership: Membership, order_id: Any) -> list[tuple[str, int]]:
    """(sku, quantity) of a past order of the company, for a quote "as last time"."""
    link = orders.company_order(membership.company, membership, order_id, field="fromOrder")
    return [(line.product_sku or "", line.quantity) for line in link.order.lines.all()]


@transaction.atomic
def request_quote(
    user: Any, company_id: int, data: dict[str, Any], field: str = "companyId"
) -> Quote:
    """File a quote request: lines (or a past order's), a note, a wanted-by date, a PO."""
    membership = permissions.membership_for(user, company_id, field=field)
    permissions.require_quote_requester(membership)
    channel = saleor.channel_by_slug(str(data.get("channel") or "").strip())
    if channel is None:
        raise field_error("channel", _("There is no such channel."), Code.NOT_FOUND.value)
    lines = [(str(sku or ""), quantity) for sku, quantity in data.get("lines") or []]
    if not lines and data.get("from_order"):
        lines = lines_of_order(membership, data["from_order"])
    variants = quick_order.clean_lines(lines, channel.slug, check_stock=False)
    wanted_by = _clean_date(data.get("wanted_by"), "wanted_by")
    if wanted_by is not None and wanted_by < _today():
        raise field_error("wanted_by", _("The wanted-by date has passed."), Code.INVALID.value)
    note = str(data.get("note") or "").strip()[:NOTE_MAX]
    po_number = purchase_orders.clean_po_number(data.get("po_number"))
    summary = ", ".join(f"{quantity} × {variant.sku}" for variant, quantity in variants)
    payload = {
        "message": f"Quote: {summary}" + (f". {note}" if note else ""),
        "channel": channel.slug,
        "lines": [{"sku": v.sku, "quantity": q} for v, q in variants],
        "wanted_by": wanted_by.isoformat() if wanted_by else "",
        "po_number": po_number,
    }
    request = requests.open_shop_request(
        membership.company, user, RequestKind.QUOTE, payload, membership
    )
    quote = Quote.objects.create(
        company=membership.company,
        request=request,
        membership=membership,
        requested_by=user,
        channel_slug=channel.slug,
        note=note,
        wanted_by=wanted_by,
        po_number=po_number,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            position=index,
            sku=variant.sku,
            product_name=variant.product.name,
            quantity=quantity,
        )
        for index, (variant, quantity) in enumerate(variants)
    )
    audit.record(
        membership.company,
        user,
        audit.Action.QUOTE_REQUESTED,
        target=quote,
        after={"lines": payload["lines"], "wanted_by": payload["wanted_by"]},
    )
    return quote


# 2. Quotation ------------------------------------------------------------------------------------


def _locked_quote(quote_id: int, field: str = "id") -> Quote:
    quote = (
        Quote.objects.select_for_update(of=("self",))
        .select_related("company", "request")
        .filter(pk=quote_id)
        .first()
    )
    if quote is None:
        raise permissions.NotFound("quote", field=field)
    return quote


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("Give a number."), Code.INVALID.value) from None
    if not number.is_finite():
        raise field_error(field, _("Give a number."), Code.INVALID.value)
    return number


def approver_emails(company_id: int) -> list[str]:
    """Who is told of a quotation: the company's admins and members given the right."""
    return list(
        Membership.objects.filter(company_id=company_id, is_active=True, user__is_active=True)
        .filter(
            Q(role__gte=Role.L80_ADMIN)
            | Q(may_approve_quotations=True, role__gte=Role.L30_ORDERS_PRICES)
        )
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def send_quotation(
    user: Any, quote_id: int, data: dict[str, Any], *, links: Links, revision: bool = False
) -> Quotation:
    """The shop's answer, or a revision of it: a new version until the quote is decided.

    ``data``: ``valid_until`` (required, today or later), ``message``, and either
    ``prices`` ({sku: unit price}) or ``discount_percent`` off the channel's price (lines
    without a given price take the discount). ``revision``: only when one was sent.
    """
    permissions.require_staff(user)
    quote = _locked_quote(quote_id, field="quoteId")
    if revision and quote.status == QuoteStatus.REQUESTED:
        raise ValidationError(
            _("No quotation was sent yet: send one first."), code=Code.QUOTE_NOT_OPEN.value
        )
    if quote.status not in OPEN_FOR_QUOTATION:
        raise ValidationError(
            _("This quote is %(status)s: it can no longer be answered.")
            % {"status": quote.get_status_display().lower()},
            code=Code.QUOTE_NOT_OPEN.value,
        )
    valid_until = _clean_date(data.get("valid_until"), "valid_until")
    if valid_until is None:
        raise field_error("valid_until", _("Give a validity date."), Code.REQUIRED.value)
    if valid_until < _today():
        raise field_error("valid_until", _("The validity date has passed."), Code.INVALID.value)
    discount = None
    if data.get("discount_percent") not in (None, ""):
        discount = _decimal(data["discount_percent"], "discount_percent")
        if not Decimal(0) <= discount <= Decimal(100):
            raise field_error(
                "discount_percent", _("Give a percentage from 0 to 100."), Code.INVALID.value
            )
    given = {str(sku).strip(): price for sku, price in (data.get("prices") or {}).items()}
    lines = list(quote.lines.order_by("position"))
    listed = saleor.variants_by_sku([line.sku for line in lines], quote.channel_slug)
    channel = saleor.channel_by_slug(quote.channel_slug)
    currency = channel.currency_code if channel else ""
    priced: list[QuotationLine] = []
    errors: dict[str, list[ValidationError]] = {}
    for index, line in enumerate(lines):
        item = listed.get(line.sku)
        list_price = Decimal(item["price"]) if item else None
        raw = given.get(line.sku)
        if raw not in (None, ""):
            unit = _decimal(raw, f"prices.{line.sku}")
        elif list_price is not None:
            unit = list_price * (Decimal(100) - (discount or Decimal(0))) / Decimal(100)
        else:
            errors[f"lines.{index}.unit_price"] = [
                ValidationError(
                    _("%(sku)s is no longer sold here: give its price.") % {"sku": line.sku},
                    code=Code.REQUIRED.value,
                )
            ]
            continue
        unit = unit.quantize(CENT, rounding=ROUND_HALF_UP)
        if unit < 0:
            errors[f"lines.{index}.unit_price"] = [
                ValidationError(_("A price cannot be negative."), code=Code.INVALID.value)
            ]
            continue
        priced.append(
            QuotationLine(
                position=index,
                sku=line.sku,
                product_name=line.product_name,
                quantity=line.quantity,
                list_price=list_price,
                unit_price=unit,
            )
        )
    if errors:
        raise ValidationError(errors)
    version = (
        quote.quotations.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    quotation = Quotation.objects.create(
        quote=quote,
        version=version,
        valid_until=valid_until,
        message=str(data.get("message") or "").strip()[:MESSAGE_MAX],
        discount_percent=discount,
        currency=currency,
        sent_by=user,
    )
    for quoted_line in priced:
        quoted_line.quotation = quotation
    QuotationLine.objects.bulk_create(priced)
    before = {"status": quote.status}
    quote.status = QuoteStatus.QUOTED
    quote.save(update_fields=["status", "updated_at"])
    requests.mark_answered(quote.request, user, f"Quotation {version} sent.")
    total = sum((line.unit_price * line.quantity for line in priced), Decimal(0))
    audit.record(
        quote.company,
        user,
        audit.Action.QUOTATION_SENT,
        target=quote,
        before=before,
        after={"version": version, "valid_until": valid_until.isoformat(), "total": str(total)},
    )
    emails.queue_email(
        "quotation_sent",
        approver_emails(quote.company_id),
        {
            "company_name": quote.company.name,
            "quote_number": quote.pk,
            "version": version,
            "revision": version > 1,
            "valid_until": valid_until.isoformat(),
            "message": quotation.message,
            "po_number": quote.po_number,
            "total": f"{total:.2f} {currency}",
            "lines": [
                {
                    "sku": line.sku,
                    "name": line.product_name,
                    "quantity": line.quantity,
                    "unit_price": f"{line.unit_price:.2f} {currency}",
                }
                for line in priced
            ],
            "url": links.page("cc-quote", quote.pk),
        },
        company=quote.company,
    )
    return quotation


# 3. Accept or decline ---------------------------------------------------------------------------


def _decider(user: Any, quote: Quote) -> Membership:
    membership = permissions.membership_for(user, quote.company_id, field="id", what="quote")
    permissions.require_quotation_approver(membership)
    return membership


def _tell_requester(quote: Quote, user: Any, links: Links) -> None:
    """The requester learns the outcome from the one who decided; nobody is told what they
    did themselves, nor a person no longer at the company."""
    requester = quote.requested_by
    if requester is None or requester.pk == user.pk:
        return
    if not Membership.objects.filter(
        company_id=quote.company_id, user=requester, is_active=True, user__is_active=True
    ).exists():
        return
    emails.queue_email(
        "quote_decided",
        [requester.email],
        {
            "recipient_name": requester.first_name or requester.email,
            "company_name": quote.company.name,
            "quote_number": quote.pk,
            "accepted": quote.status == QuoteStatus.ACCEPTED,
            "version": quote.accepted_version,
            "decided_by": user.get_full_name() or user.email,
            "reason": quote.decline_reason,
            "url": links.page("cc-quote", quote.pk),
        },
        company=quote.company,
    )


@transaction.atomic
def accept_quote(
    user: Any, quote_id: int, po_number: str | None = None, *, links: Links
) -> tuple[Quote, Any]:
    """Accept the current quotation: one Saleor checkout at the quoted prices.

    The quote row is locked first, so two acceptances (a double click, two approvers) make
    one checkout: the second finds the first's and returns it.
    """
    permissions.require_user(user)
    quote = _locked_quote(quote_id)
    membership = _decider(user, quote)
    if not settings_store.current().new_orders_enabled:
        # The shop's switch for new orders covers a quote's order too (services/quick_order).
        raise ValidationError(
            quick_order.NEW_ORDERS_DISABLED_MESSAGE, code=Code.NEW_ORDERS_DISABLED.value
        )
    if quote.status == QuoteStatus.ACCEPTED:
        checkout = saleor.checkout_by_token(quote.checkout_token)
        if checkout is not None:
            return quote, checkout
        raise ValidationError(
            _("This quote has been ordered already."), code=Code.QUOTE_NOT_OPEN.value
        )
    if quote.status != QuoteStatus.QUOTED:
        raise ValidationError(
            _("This quote is %(status)s: it cannot be accepted.")
            % {"status": quote.get_status_display().lower()},
            code=Code.QUOTE_NOT_OPEN.value,
        )
    quotation = quote.quotations.order_by("-version").prefetch_related("lines").first()
    if quotation is None or quotation.valid_until < _today():
        raise ValidationError(
            _("This quotation expired on %(date)s. Ask the shop for a new one.")
            % {"date": quotation.valid_until.isoformat() if quotation else ""},
            code=Code.QUOTE_EXPIRED.value,
        )
    po = purchase_orders.clean_po_number(
        quote.po_number if po_number is None else po_number, field="po_number"
    )
    purchase_orders.require_for(quote.company, po)
    channel = saleor.channel_by_slug(quote.channel_slug)
    if channel is None:
        raise ValidationError(
            _("The shop no longer sells in this quote's channel."), code=Code.NOT_FOUND.value
        )
    lines = list(quotation.lines.all())
    found = saleor.variants_by_sku([line.sku for line in lines], channel.slug)
    missing = [line.sku for line in lines if line.sku not in found]
    if missing:
        raise ValidationError(
            _("No longer for sale: %(skus)s. Ask the shop for a new quotation.")
            % {"skus": ", ".join(missing)},
            code=Code.UNKNOWN_SKU.value,
        )
    metadata = {
        saleor.COMPANY_METADATA_KEY: str(quote.company_id),
        saleor.QUOTE_METADATA_KEY: str(quote.pk),
        saleor.QUOTE_VERSION_METADATA_KEY: str(quotation.version),
    }
    if po:
        metadata[saleor.PO_NUMBER_METADATA_KEY] = po
    checkout = saleor.create_checkout(
        user,
        channel,
        [(found[line.sku]["variant"], line.quantity) for line in lines],
        metadata,
        prices=[line.unit_price for line in lines],
        price_reason=f"Quote {quote.pk}, quotation {quotation.version}",
        **quick_order.company_addresses(quote.company),
    )
    quote.status = QuoteStatus.ACCEPTED
    quote.accepted_version = quotation.version
    quote.checkout_token = saleor.checkout_token(checkout)
    quote.po_number = po
    quote.decided_by, quote.decided_at = user, timezone.now()
    quote.save(
        update_fields=[
            "status",
            "accepted_version",
            "checkout_token",
            "po_number",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    audit.record(
        membership.company,
        user,
        audit.Action.QUOTE_ACCEPTED,
        target=quote,
        before={"status": QuoteStatus.QUOTED},
        after={"status": quote.status, "version": quotation.version, "po_number": po},
    )
    _tell_requester(quote, user, links)
    return quote, checkout


@transaction.atomic
def decline_quote(user: Any, quote_id: int, reason: str = "", *, links: Links) -> Quote:
    """Decline the quotation (or withdraw a request not answered yet); final."""
    permissions.require_user(user)
    quote = _locked_quote(quote_id)
    membership = _decider(user, quote)
    if quote.status not in OPEN_FOR_QUOTATION:
        raise ValidationError(
            _("This quote is %(status)s: it cannot be declined.")
            % {"status": quote.get_status_display().lower()},
            code=Code.QUOTE_NOT_OPEN.value,
        )
    before = {"status": quote.status}
    quote.status = QuoteStatus.DECLINED
    quote.decline_reason = str(reason or "").strip()[:2000]
    quote.decided_by, quote.decided_at = user, timezone.now()
    quote.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    request = quote.request
    if request.status == RequestStatus.PENDING:
        request.status = RequestStatus.CANCELLED
        request.save(update_fields=["status", "updated_at"])
    CompanyRequestEvent.objects.create(
        request=request, status=request.status, actor=user, note="Declined by the company."
    )
    audit.record(
        membership.company,
        user,
        audit.Action.QUOTE_DECLINED,
        target=quote,
        before=before,
        after={"status": quote.status, "reason": quote.decline_reason},
    )
    _tell_requester(quote, user, links)
    return quote


# At Saleor's checkoutComplete -------------------------------------------------------------------


def open_checkout(quote: Quote) -> Any:
    """The Saleor checkout an accepted quote made, while it has not become an order."""
    return saleor.checkout_by_token(quote.checkout_token)


def current_prices(quote: Quote) -> dict[str, str]:
    """The newest quotation's unit prices, where a revision starts from."""
    versions = list(quote.quotations.all())
    if not versions:
        return {}
    return {line.sku: f"{line.unit_price:.2f}" for line in versions[-1].lines.all()}


def list_prices(quote: Quote) -> dict[str, Decimal]:
    """The channel's unit price of each requested SKU today (the operator's starting point)."""
    listed = saleor.variants_by_sku([line.sku for line in quote.lines.all()], quote.channel_slug)
    return {sku: Decimal(item["price"]) for sku, item in listed.items()}
