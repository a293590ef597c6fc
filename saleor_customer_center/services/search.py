"""Searches through indexes (issue 16 item 1).

A company or an ERP contact is found by one lower-cased text of its searched fields
(``models.company.search_text``), the expression a pg_trgm GIN index of migration 0006
holds: ``LIKE '%term%'`` on it is answered from the index, whatever the shop's size.
(Terms under three characters have no trigram; PostgreSQL then reads the index whole,
still without a scan of the table's rows for a term that matches few.)

A company's members are searched among that company's memberships only (its index),
and its orders through their links' search text (services/orders.py).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models.company import COMPANY_SEARCH_FIELDS, CONTACT_SEARCH_FIELDS, search_text

COMPANY = COMPANY_SEARCH_FIELDS
CONTACT = CONTACT_SEARCH_FIELDS


def matching(queryset: QuerySet, fields: tuple[str, ...], term: str | None) -> QuerySet:
    """``queryset`` narrowed to rows whose search text contains ``term`` (any case)."""
    term = (term or "").strip()
    if not term:
        return queryset
    return queryset.alias(cc_search=search_text(*fields)).filter(cc_search__contains=term.lower())


def members_matching(queryset: QuerySet, term: str | None) -> QuerySet:
    """A company's memberships whose user's name or email contains ``term``."""
    term = (term or "").strip()
    if not term:
        return queryset
    return queryset.filter(
        Q(user__email__icontains=term)
        | Q(user__first_name__icontains=term)
        | Q(user__last_name__icontains=term)
    )
