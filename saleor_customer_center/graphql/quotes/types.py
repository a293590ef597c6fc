"""Quote types: a request, its lines, the shop's quotation versions (money null for roles
that do not see prices). Resolvers read ``quotes.QuoteView``, built by the service for the
caller's role."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from ...models import QuoteStatus
from ...services.quotes import QuotationLineView, QuotationView, QuoteView
from ..core.money import Money, money
from ..core.pagination import connection_field

CompanyQuoteStatusEnum = graphene.Enum(
    "CompanyQuoteStatusEnum", [(value.upper(), value) for value in QuoteStatus.values]
)


class CompanyQuoteLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class QuotationLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    list_price = graphene.Field(Money, description="The channel's price when quoted.")
    unit_price = graphene.Field(Money, description="Quoted; null for roles without prices.")
    total = graphene.Field(Money)

    @staticmethod
    def resolve_list_price(root: tuple[QuotationLineView, str], info):
        return money(root[0].list_price, root[1])

    @staticmethod
    def resolve_unit_price(root, info):
        return money(root[0].unit_price, root[1])

    @staticmethod
    def resolve_total(root, info):
        return money(root[0].total, root[1])

    @staticmethod
    def resolve_sku(root, info):
        return root[0].sku

    @staticmethod
    def resolve_product_name(root, info):
        return root[0].product_name

    @staticmethod
    def resolve_quantity(root, info):
        return root[0].quantity


class Quotation(graphene.ObjectType):
    """One version of the shop's answer; earlier versions are kept."""

    version = graphene.Int(required=True)
    valid_until = graphene.Date(required=True)
    expired = graphene.Boolean(required=True)
    message = graphene.String(required=True)
    discount_percent = graphene.Decimal(description="Null for roles without prices.")
    total = graphene.Field(Money, description="Null for roles without prices.")
    sent_at = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(QuotationLine), required=True)

    @staticmethod
    def resolve_sent_at(root: QuotationView, info):
        return root.quotation.created_at

    @staticmethod
    def resolve_total(root: QuotationView, info):
        return money(root.total, root.currency)

    @staticmethod
    def resolve_lines(root: QuotationView, info):
        return [(line, root.currency) for line in root.lines]


class CompanyQuote(graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    status = CompanyQuoteStatusEnum(required=True)
    created_at = graphene.DateTime(required=True)
    requested_by_email = graphene.String()
    channel = graphene.String(required=True)
    note = graphene.String(required=True)
    wanted_by = graphene.Date()
    po_number = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(CompanyQuoteLine), required=True)
    quotations = graphene.List(
        graphene.NonNull(Quotation), required=True, description="Every version, oldest first."
    )
    current_quotation = graphene.Field(Quotation)
    accepted_version = graphene.Int()
    checkout_token = graphene.UUID(description="The checkout made at acceptance.")
    order_id = graphene.ID(description="Saleor's Order global ID of the order made of it.")

    class Meta:
        description = "A quote request of the company and the shop's quotations."

    @staticmethod
    def resolve_id(root: QuoteView, info):
        return to_global_id("CompanyQuote", root.quote.pk)

    @staticmethod
    def resolve_number(root: QuoteView, info):
        return root.quote.pk

    @staticmethod
    def resolve_status(root: QuoteView, info):
        return root.quote.status

    @staticmethod
    def resolve_created_at(root: QuoteView, info):
        return root.quote.created_at

    @staticmethod
    def resolve_requested_by_email(root: QuoteView, info):
        user = root.quote.requested_by
        return user.email if user else None

    @staticmethod
    def resolve_channel(root: QuoteView, info):
        return root.quote.channel_slug

    @staticmethod
    def resolve_note(root: QuoteView, info):
        return root.quote.note

    @staticmethod
    def resolve_wanted_by(root: QuoteView, info):
        return root.quote.wanted_by

    @staticmethod
    def resolve_po_number(root: QuoteView, info):
        return root.quote.po_number

    @staticmethod
    def resolve_lines(root: QuoteView, info):
        return [
            CompanyQuoteLine(sku=line.sku, product_name=line.product_name, quantity=line.quantity)
            for line in root.quote.lines.all()
        ]

    @staticmethod
    def resolve_quotations(root: QuoteView, info):
        return root.versions

    @staticmethod
    def resolve_current_quotation(root: QuoteView, info):
        return root.current

    @staticmethod
    def resolve_accepted_version(root: QuoteView, info):
        return root.quote.accepted_version

    @staticmethod
    def resolve_checkout_token(root: QuoteView, info):
        return root.quote.checkout_token or None

    @staticmethod
    def resolve_order_id(root: QuoteView, info):
        if root.order is None:
            return None
        return to_global_id("Order", str(root.order.order_id))


COMPANY_QUOTES = connection_field(CompanyQuote, company_id=graphene.ID(required=True))
