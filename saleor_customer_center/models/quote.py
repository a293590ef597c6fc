"""Quotes: a company asks for prices (lines, note, wanted-by date), the shop answers with
quotations (every version kept), an approver of the company accepts or declines."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .company import Company, Membership
from .fields import currency_field, money_field
from .request import CompanyRequest


class QuoteStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the shop")
    QUOTED = "quoted", _("Quotation received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REJECTED = "rejected", _("Rejected by the shop")


class Quote(models.Model):
    """A company's quote request and where it stands; its request sits in the queue."""

    company = models.ForeignKey(Company, related_name="quotes", on_delete=models.CASCADE)
    request = models.OneToOneField(CompanyRequest, related_name="quote", on_delete=models.CASCADE)
    membership = models.ForeignKey(
        Membership, related_name="quotes", null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    channel_slug = models.CharField(max_length=255)
    note = models.TextField(blank=True, default="")
    wanted_by = models.DateField(null=True, blank=True)
    po_number = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(
        max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.REQUESTED
    )
    # The quotation version accepted, and the Saleor checkout made of it (one per quote).
    accepted_version = models.PositiveIntegerField(null=True, blank=True)
    checkout_token = models.CharField(max_length=36, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=QuoteStatus.values), name="cc_quote_status_valid"
            )
        ]
        indexes = [models.Index(fields=["company", "-created_at"], name="cc_quote_company_idx")]


class QuoteLine(models.Model):
    """What was asked for: a SKU and a quantity."""

    quote = models.ForeignKey(Quote, related_name="lines", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    sku = models.CharField(max_length=255)
    product_name = models.CharField(max_length=386, blank=True, default="")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ("quote", "position")


class Quotation(models.Model):
    """One version of the shop's answer; never changed once sent (a revision is a new row)."""

    quote = models.ForeignKey(Quote, related_name="quotations", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    valid_until = models.DateField()
    message = models.TextField(blank=True, default="")
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    currency = currency_field()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("quote", "version")
        constraints = [
            models.UniqueConstraint(fields=["quote", "version"], name="cc_quotation_version")
        ]


class QuotationLine(models.Model):
    """A quoted line: the shop's price per unit (net of the quotation's discount)."""

    quotation = models.ForeignKey(Quotation, related_name="lines", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    sku = models.CharField(max_length=255)
    product_name = models.CharField(max_length=386, blank=True, default="")
    quantity = models.PositiveIntegerField()
    list_price = money_field(null=True, blank=True)
    unit_price = money_field()

    class Meta:
        ordering = ("quotation", "position")
