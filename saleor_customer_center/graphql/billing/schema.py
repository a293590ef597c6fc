"""Billing fields of Company: invoices, due payments, payment history (L40+), summary (all)."""

from __future__ import annotations

import graphene

from ...roles import Section
from ...services import billing
from ..companies.membership import company_membership
from ..core.pagination import paginate
from .types import DUE_PAYMENTS, INVOICES, PAYMENTS, CompanySummary


class CompanyBillingFields:
    invoices = INVOICES
    due_payments = DUE_PAYMENTS
    payments = PAYMENTS
    summary = graphene.Field(CompanySummary, required=True)

    @staticmethod
    def resolve_invoices(root, info, filter=None, sort_by=None, **page):
        membership = company_membership(root, info, Section.BILLING)
        filter = filter or {}
        queryset = billing.invoices(
            root,
            membership,
            status=filter.get("status"),
            issued_from=filter.get("issued_from"),
            issued_to=filter.get("issued_to"),
            search=filter.get("search"),
            sort_by=sort_by["field"] if sort_by else "ISSUE_DATE",
            descending=(sort_by["direction"] == "DESC") if sort_by else True,
        )
        return paginate(queryset, info, **page)

    @staticmethod
    def resolve_due_payments(root, info, overdue_only=False, **page):
        membership = company_membership(root, info, Section.BILLING)
        return paginate(billing.due_payments(root, membership, overdue_only), info, **page)

    @staticmethod
    def resolve_payments(root, info, **page):
        membership = company_membership(root, info, Section.BILLING)
        return paginate(billing.payments(root, membership), info, **page)

    @staticmethod
    def resolve_summary(root, info):
        membership = company_membership(root, info, Section.HOME)
        return billing.company_summary(root, membership)
