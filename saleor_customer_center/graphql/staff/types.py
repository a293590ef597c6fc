from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from ... import models


class ErpSyncRun(DjangoObjectType):
    kind = graphene.String(required=True)
    source = graphene.String(required=True)
    status = graphene.String(required=True)
    started_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()
    duration_seconds = graphene.Float()
    received = graphene.Int(required=True)
    stored = graphene.Int(required=True)
    rejected = graphene.Int(required=True)
    error = graphene.String(required=True)

    class Meta:
        model = models.ErpSyncRun
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_duration_seconds(root: models.ErpSyncRun, info):
        if root.finished_at is None:
            return None
        return (root.finished_at - root.started_at).total_seconds()


class ErpRejectedRecord(DjangoObjectType):
    kind = graphene.String(required=True)
    source = graphene.String(required=True)
    key = graphene.String(required=True)
    raw = graphene.String(required=True, description="The record exactly as received.")
    reason = graphene.String(required=True)
    position = graphene.String(required=True, description="Line, page or batch position.")
    attempts = graphene.Int(required=True)
    created_at = graphene.DateTime(required=True)
    resolved_at = graphene.DateTime()

    class Meta:
        model = models.ErpRejectedRecord
        interfaces = (graphene.relay.Node,)
        fields = ("id",)


class StaffCompany(DjangoObjectType):
    """A company as the operator sees it (flag, admin email, block)."""

    customer_number = graphene.String(required=True)
    customer_center_enabled = graphene.Boolean(required=True)
    admin_email = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    is_blocked = graphene.Boolean(required=True)
    blocked_reason = graphene.String(required=True)
    owner_email = graphene.String()

    class Meta:
        model = models.Company
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "uin", "vat_number")
        name = "StaffCompany"

    @staticmethod
    def resolve_owner_email(root: models.Company, info):
        owners = getattr(root, "owners", None)
        return owners[0].user.email if owners else None
