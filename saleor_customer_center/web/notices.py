"""The one-time notices a page shows after the redirect that follows a successful POST
(issue 14 item 2: a message belongs to the response that caused it). The door carries only
the key (``Caller.notify``); the words are looked up here, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOTICES = {
    "contact_added": _("The contact is now a user and has been emailed how to sign in."),
    "user_requested": _("The request has been sent to the shop for approval."),
    "user_created": _("The user has been created and emailed a link to set a password."),
    "user_deactivated": _("The user has been deactivated for this company."),
    "user_activated": _("The user has been activated."),
    "user_saved": _("The changes have been saved."),
    "settings_saved": _("Saved."),
    "request_created": _("Your request has been sent."),
    "request_approved": _("The request has been approved."),
    "request_rejected": _("The request has been rejected."),
    "order_cancelled": _("The order has been cancelled."),
    "columns_saved": _("The columns have been saved."),
    "columns_empty": _("Keep at least one column: the columns are unchanged."),
    "password_set": _("Your password is set. Sign in with it."),
}


def text(key: str) -> str:
    """The notice's words; an unknown key (an old or forged cookie) shows nothing."""
    message = NOTICES.get(key)
    return str(message) if message is not None else ""
