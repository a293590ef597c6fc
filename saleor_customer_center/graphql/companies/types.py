"""The Company type. Other areas add their fields as mixins (members, orders, billing).

A mixin is a plain class holding graphene fields and their ``resolve_*`` methods, written
in the area's own module and listed in ``Company``'s bases below. Its resolvers call
``company_membership(root, info, section)`` (companies/membership.py) for the caller's
rights on *this* company.
"""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from ... import models
from ..access.fields import CompanyAccessFields
from ..billing.schema import CompanyBillingFields
from ..orders.fields import CompanyOrderFields
from .membership import company_membership

__all__ = ["Company", "company_membership"]


class Company(CompanyAccessFields, CompanyBillingFields, CompanyOrderFields, DjangoObjectType):
    customer_number = graphene.String(required=True)
    uin = graphene.String(required=True, description="Company id (UIN).")
    vat_number = graphene.String(required=True)
    customer_center_enabled = graphene.Boolean(required=True)
    po_number_required = graphene.Boolean(
        required=True, description="Every order of the company needs a purchase-order number."
    )

    class Meta:
        model = models.Company
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "customer_number",
            "uin",
            "vat_number",
            "customer_center_enabled",
            "po_number_required",
        )
        description = "An ERP customer of the shop, with its customer center."
