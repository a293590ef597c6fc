"""Inputs and ids of the quotes area."""

from __future__ import annotations

import graphene

from ..core.ids import decode_int_id


class CompanyQuoteLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class CompanyQuoteRequestCreateInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="Slug of the Saleor channel.")
    lines = graphene.List(
        graphene.NonNull(CompanyQuoteLineInput), description="Empty: the lines of ``fromOrder``."
    )
    from_order = graphene.ID(description="Saleor Order ID of a past order of the company.")
    note = graphene.String()
    wanted_by = graphene.Date()
    po_number = graphene.String(description="The buyer's purchase-order number.")


class QuotationPriceInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    unit_price = graphene.Decimal(required=True)


class QuotationInput(graphene.InputObjectType):
    valid_until = graphene.Date(required=True)
    message = graphene.String()
    discount_percent = graphene.Decimal(
        description="Off the channel's price, for lines without a price of their own."
    )
    prices = graphene.List(graphene.NonNull(QuotationPriceInput))


def quote_pk(global_id: str, field: str = "id") -> int:
    return decode_int_id(global_id, "CompanyQuote", field, "quote")


def quotation_data(input: dict) -> dict:
    return {
        "valid_until": input.get("valid_until"),
        "message": input.get("message") or "",
        "discount_percent": input.get("discount_percent"),
        "prices": {price["sku"]: price["unit_price"] for price in input.get("prices") or []},
    }
