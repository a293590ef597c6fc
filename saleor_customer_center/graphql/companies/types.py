"""The Company type. Other areas add their fields as mixins (members, orders, billing).

A mixin is a plain class holding graphene fields and their ``resolve_*`` methods; it is
listed in ``Company``'s bases below.  Each resolver asks ``permissions`` through
``company_membership`` for the caller's rights on *this* company.
"""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from ... import models, permissions
from ...roles import Section


def company_membership(root: models.Company, info, section: Section | None = None):
    """The caller's membership of ``root`` (None for staff looking in), section-checked.

    Staff with MANAGE_USERS see every section, read-only, as the operator's console does.
    """
    context = info.context
    membership = context.membership(root.pk)
    if membership is None:
        if permissions.is_staff_with(context.user):
            return None
        raise permissions.NotFound("company")
    if section is not None:
        permissions.require_section(membership, section)
    return membership


class Company(DjangoObjectType):
    customer_number = graphene.String(required=True)
    uin = graphene.String(required=True, description="Company id (UIN).")
    vat_number = graphene.String(required=True)
    customer_center_enabled = graphene.Boolean(required=True)

    class Meta:
        model = models.Company
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "customer_number", "uin", "vat_number", "customer_center_enabled")
        description = "An ERP customer of the shop, with its customer center."
