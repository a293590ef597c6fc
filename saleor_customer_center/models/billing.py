from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .company import Company
from .fields import currency_field, money_field


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Invoice(models.Model):
    """An ERP invoice, read-only in the shop."""

    company = models.ForeignKey(Company, related_name="invoices", on_delete=models.CASCADE)
    invoice_number = models.CharField(max_length=64)
    issue_date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    currency = currency_field()
    gross_amount = money_field()
    net_amount = money_field(null=True, blank=True)
    status = models.CharField(max_length=16, choices=InvoiceStatus.choices, default="open")
    order_number = models.CharField(max_length=64, blank=True, default="")
    pdf_url = models.URLField(max_length=1024, blank=True, default="")
    erp_extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-issue_date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "invoice_number"], name="cc_invoice_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvoiceStatus.values), name="cc_invoice_status_valid"
            ),
        ]
        indexes = [
            # Every sort of a company's invoices, paged by (key, id) (services/paging.py).
            models.Index(fields=["company", "-issue_date", "-id"], name="cc_invoice_issued_idx"),
            models.Index(fields=["company", "due_date", "id"], name="cc_invoice_due_idx"),
            models.Index(fields=["company", "gross_amount", "id"], name="cc_invoice_amount_idx"),
            models.Index(fields=["invoice_number"], name="cc_invoice_number_idx"),
        ]


class OpenItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class OpenItem(models.Model):
    """A due payment: what the company still owes on a document."""

    company = models.ForeignKey(Company, related_name="open_items", on_delete=models.CASCADE)
    document_number = models.CharField(max_length=64)
    invoice_number = models.CharField(max_length=64, blank=True, default="")
    due_date = models.DateField()
    currency = currency_field()
    amount_due = money_field()
    original_amount = money_field(null=True, blank=True)
    status = models.CharField(max_length=16, choices=OpenItemStatus.choices, default="open")
    erp_extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("due_date", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "document_number"], name="cc_open_item_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OpenItemStatus.values), name="cc_open_item_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["company", "status", "due_date", "id"], name="cc_open_item_page_idx"
            )
        ]


class Payment(models.Model):
    """A payment the ERP received: the payment history."""

    company = models.ForeignKey(Company, related_name="payments", on_delete=models.CASCADE)
    payment_number = models.CharField(max_length=64)
    date = models.DateField()
    currency = currency_field()
    amount = money_field()
    method = models.CharField(max_length=64, blank=True, default="")
    invoice_numbers = models.JSONField(default=list, blank=True)
    erp_extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "payment_number"], name="cc_payment_unique_number"
            )
        ]
        indexes = [models.Index(fields=["company", "-date", "-id"], name="cc_payment_page_idx")]
