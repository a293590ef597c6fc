from django.conf import settings
from django.db import models

from .company import Company, Membership


class CompanyOrder(models.Model):
    """Links a Saleor order to the company and member that placed it."""

    order = models.OneToOneField(
        "order.Order", related_name="customer_center_link", on_delete=models.CASCADE
    )
    company = models.ForeignKey(Company, related_name="order_links", on_delete=models.CASCADE)
    membership = models.ForeignKey(
        Membership, related_name="order_links", null=True, blank=True, on_delete=models.SET_NULL
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    checkout_token = models.CharField(max_length=36, blank=True, default="")
    # Copied from the Saleor order's metadata (saleor.PO_NUMBER_METADATA_KEY) for the list's
    # filter; the order's metadata stays the record.
    po_number = models.CharField(max_length=64, blank=True, default="", db_default="")
    quote = models.ForeignKey(
        "saleor_customer_center.Quote",
        related_name="order_links",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Copied from the order so company lists sort and filter on this table alone.
    created_at = models.DateTimeField(db_index=True)
    # What a company's order search matches (lower-case SKUs, product and variant names of
    # the lines), kept current on every save of the order (services/order_links.py): the
    # search reads the company's own links, never the shop's order lines (issue 16).
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("-created_at", "pk")
        indexes = [
            models.Index(fields=["company", "-created_at", "-id"], name="cc_order_company_page_idx")
        ]


class OrderLinkFailure(models.Model):
    """An order of a company buyer the plugin could not link (issue 13 item 7): the operator
    sees it on the console and in the log until a later save or a retry links it."""

    order = models.OneToOneField(
        "order.Order", related_name="customer_center_link_failure", on_delete=models.CASCADE
    )
    error = models.TextField()
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["-updated_at"],
                condition=models.Q(resolved_at__isnull=True),
                name="cc_link_failure_open_idx",
            )
        ]
