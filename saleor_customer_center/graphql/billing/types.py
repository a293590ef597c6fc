from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from ... import models
from ...services import billing
from ..core.money import Money, money
from ..core.pagination import connection_field
from ..core.sorting import OrderDirection


class InvoiceStatusEnum(graphene.Enum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"


class Invoice(DjangoObjectType):
    invoice_number = graphene.String(required=True)
    issue_date = graphene.Date(required=True)
    due_date = graphene.Date()
    status = InvoiceStatusEnum(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money)
    order_number = graphene.String(required=True)
    pdf_url = graphene.String(description="Download URL of the PDF (absolute) under the plugin.")

    class Meta:
        model = models.Invoice
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_status(root: models.Invoice, info):
        return root.status

    @staticmethod
    def resolve_gross(root: models.Invoice, info):
        return money(root.gross_amount, root.currency)

    @staticmethod
    def resolve_net(root: models.Invoice, info):
        return money(root.net_amount, root.currency)

    @staticmethod
    def resolve_pdf_url(root: models.Invoice, info):
        if not root.pdf_url:
            return None
        return info.context.links.invoice_pdf(root.pk)


class DuePayment(DjangoObjectType):
    document_number = graphene.String(required=True)
    invoice_number = graphene.String(required=True)
    due_date = graphene.Date(required=True)
    amount_due = graphene.Field(Money, required=True)
    original_amount = graphene.Field(Money)
    is_overdue = graphene.Boolean(required=True)

    class Meta:
        model = models.OpenItem
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_amount_due(root: models.OpenItem, info):
        return money(root.amount_due, root.currency)

    @staticmethod
    def resolve_original_amount(root: models.OpenItem, info):
        return money(root.original_amount, root.currency)

    @staticmethod
    def resolve_is_overdue(root: models.OpenItem, info):
        return billing.is_overdue(root)


class Payment(DjangoObjectType):
    payment_number = graphene.String(required=True)
    date = graphene.Date(required=True)
    amount = graphene.Field(Money, required=True)
    method = graphene.String(required=True)
    invoice_numbers = graphene.List(graphene.NonNull(graphene.String), required=True)

    class Meta:
        model = models.Payment
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_amount(root: models.Payment, info):
        return money(root.amount, root.currency)


class CompanySummary(graphene.ObjectType):
    orders_this_month = graphene.Int(required=True)
    invoices_this_month = graphene.Int(required=True)
    currency = graphene.String(required=True)
    amount_due = graphene.Float(description="Null for roles that do not see billing.")
    amount_overdue = graphene.Float(description="Null for roles that do not see billing.")


class InvoiceSortField(graphene.Enum):
    ISSUE_DATE = "ISSUE_DATE"
    DUE_DATE = "DUE_DATE"
    NUMBER = "NUMBER"
    AMOUNT = "AMOUNT"


class InvoiceSortingInput(graphene.InputObjectType):
    field = InvoiceSortField(required=True)
    direction = OrderDirection(required=True)


class InvoiceFilterInput(graphene.InputObjectType):
    status = InvoiceStatusEnum()
    issued_from = graphene.Date()
    issued_to = graphene.Date()
    search = graphene.String(description="Invoice or order number contains.")


INVOICES = connection_field(Invoice, filter=InvoiceFilterInput(), sort_by=InvoiceSortingInput())
DUE_PAYMENTS = connection_field(DuePayment, overdue_only=graphene.Boolean(default_value=False))
PAYMENTS = connection_field(Payment)
