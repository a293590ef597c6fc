"""What an ERP change does beyond its own row: a contact's new name reaches the Saleor user
of the member linked to that contact (README "ERP sync", Effects).

Writing a Saleor user is Saleor's business, so the write goes through the adapter
(``saleor.set_user_names``); the ERP package reads its own tables only.
"""

from __future__ import annotations

from typing import Any

from .. import saleor
from ..models import ErpContact, Membership


def linked_contact_names(
    rows: dict[tuple[int, str], list[Any]],
) -> dict[tuple[int, str], dict[str, Any]]:
    """Current names of the batch's contacts that are linked to a member, before the write.

    ``rows`` maps (company id, contact number) to the contact's validated values.
    """
    if not rows:
        return {}
    company_ids = {company_id for company_id, _ in rows}
    numbers = {number for _, number in rows}
    linked = ErpContact.objects.filter(
        company_id__in=company_ids, contact_number__in=numbers, member__isnull=False
    ).values("company_id", "contact_number", "pk", "first_name", "last_name")
    return {
        (row["company_id"], row["contact_number"]): row
        for row in linked
        if (row["company_id"], row["contact_number"]) in rows
    }


def rename_linked_users(
    old: dict[tuple[int, str], dict[str, Any]],
    new_names: dict[tuple[int, str], tuple[str, str]],
) -> None:
    """Give each linked member's user the contact's new name, where it changed."""
    changed: dict[int, tuple[str, str]] = {}
    for key, row in old.items():
        name = new_names[key]
        if name != (row["first_name"], row["last_name"]):
            changed[row["pk"]] = name
    if not changed:
        return
    members = Membership.objects.filter(erp_contact_id__in=changed).values(
        "erp_contact_id", "user_id"
    )
    saleor.set_user_names({row["user_id"]: changed[row["erp_contact_id"]] for row in members})
