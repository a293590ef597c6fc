"""What an ERP change does beyond its own row: a contact's new name reaches the Saleor user
of the member linked to that contact (README "ERP sync", Effects).

Which users: one set-based query of the staged batch against the stored contacts and their
members, before the merge (``bulk.linked_name_changes``). Writing a Saleor user is Saleor's
business, so the write goes through the adapter (``saleor.set_user_names``); the ERP package
reads its own tables only.
"""

from __future__ import annotations

from .. import saleor


def rename_linked_users(new_names: dict[int, tuple[str, str]]) -> None:
    """Give each linked member's user (by user id) the contact's new (first, last) name."""
    if new_names:
        saleor.set_user_names(new_names)
