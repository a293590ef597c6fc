"""Money as Saleor's API shapes it: ``Money { amount currency }`` and ``TaxedMoney``."""

from __future__ import annotations

from decimal import Decimal

import graphene


class Money(graphene.ObjectType):
    amount = graphene.Float(required=True, description="Amount of money.")
    currency = graphene.String(required=True, description="Currency code.")

    class Meta:
        description = "Represents amount of money in specific currency."


class TaxedMoney(graphene.ObjectType):
    net = graphene.Field(Money, required=True, description="Amount of money without taxes.")
    gross = graphene.Field(Money, required=True, description="Amount of money including taxes.")
    tax = graphene.Field(Money, required=True, description="Amount of taxes.")
    currency = graphene.String(required=True, description="Currency code.")

    class Meta:
        description = "Represents a monetary value with taxes."


def money(amount: Decimal | None, currency: str) -> dict | None:
    if amount is None:
        return None
    return {"amount": amount, "currency": currency}


def taxed_money(net: Decimal | None, gross: Decimal | None, currency: str) -> dict | None:
    if net is None or gross is None:
        return None
    return {
        "net": money(net, currency),
        "gross": money(gross, currency),
        "tax": money(gross - net, currency),
        "currency": currency,
    }
