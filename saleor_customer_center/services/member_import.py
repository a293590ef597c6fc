"""User import: an admin brings in many members from one CSV file (issue 15 item 8).

``preview`` reads the file and says, per row, what confirming would do and why a row is
refused (a bad or duplicate email, a role above the admin's, a bad budget...).
``confirm`` re-reads the same file in one transaction, creates the accepted rows' users
and memberships (bulk inserts, an audit entry each, budgets), and leaves the invitations to
a celery task that sends them in batches and counts its progress on the ``MemberImport``
row. A file refused as a whole (too large, not UTF-8, the wrong columns, a line of the
wrong length, no rows) raises before anything is written, so it changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions, saleor
from ..error_codes import CustomerCenterErrorCode
from ..links import Links
from ..models import AuditEntry, Company, MemberImport, Membership
from ..models.member_import import MemberImportStatus
from ..roles import ROLE_LABELS, Role, can_grant
from ..settings_store import PluginSettings
from . import audit, budgets, members
from .errors import field_error

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
INVITATION_BATCH = 50
INVITATION_TASK = "saleor_customer_center.tasks.send_member_import_invitations"
INVALID = CustomerCenterErrorCode.INVALID.value
REQUIRED = CustomerCenterErrorCode.REQUIRED.value
UNIQUE = CustomerCenterErrorCode.UNIQUE.value
PERMISSION_DENIED = CustomerCenterErrorCode.PERMISSION_DENIED.value

REQUIRED_COLUMNS = ("salutation", "first_name", "last_name", "email", "role")
OPTIONAL_COLUMNS = ("budget", "budget_period", "budget_currency")
# What a header cell may say for each column (lower-cased, spaces and dashes as "_").
ALIASES = {
    "firstname": "first_name",
    "first": "first_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "e_mail": "email",
    "email_address": "email",
    "mail": "email",
    "title": "salutation",
    "budget_amount": "budget",
    "period": "budget_period",
    "currency": "budget_currency",
}
COLUMNS_TEXT = "salutation, first name, last name, email, role, and optionally budget, "
COLUMNS_TEXT += "budget period and budget currency"


@dataclass
class ImportRow:
    """One line of the file and what confirming it would do."""

    line: int
    values: dict[str, str]
    role: Role | None = None
    budget: dict[str, Any] | None = None
    refusals: list[tuple[str, str, str]] = field(default_factory=list)  # (field, code, text)

    @property
    def accepted(self) -> bool:
        return not self.refusals

    def refuse(self, column: str, code: str, message: str) -> None:
        self.refusals.append((column, code, message))

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role]) if self.role is not None else self.values["role"]


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def accepted(self) -> list[ImportRow]:
        return [row for row in self.rows if row.accepted]

    @property
    def refused(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.accepted]


# Reading the file ---------------------------------------------------------------------------


def _refused(message: str) -> ValidationError:
    return field_error("file", message, INVALID)


def _column(header: str) -> str:
    name = "_".join(header.strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) of every row, or a refusal of the whole file."""
    if len(data) > MAX_BYTES:
        raise _refused(
            _("The file is larger than %(limit)s KiB: split it into smaller files.")
            % {"limit": MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(
            _(
                "The file is not UTF-8 text (byte %(position)s). Save it as “CSV UTF-8” and "
                "upload it again."
            )
            % {"position": exc.start + 1}
        ) from None
    if "\x00" in text:
        raise _refused(_("The file holds NUL characters: it is not a CSV text file."))
    if not text.strip():
        raise _refused(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        columns = [_column(cell) for cell in header]
        known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
        unknown = [header[i] for i, name in enumerate(columns) if name not in known]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        twice = sorted({name for name in columns if columns.count(name) > 1})
        if unknown or missing or twice:
            problems = []
            if missing:
                problems.append(_("missing: %(names)s") % {"names": ", ".join(missing)})
            if unknown:
                problems.append(_("unknown: %(names)s") % {"names": ", ".join(unknown)})
            if twice:
                problems.append(_("twice: %(names)s") % {"names": ", ".join(twice)})
            raise _refused(
                _("The first line must name the columns %(columns)s (%(problems)s).")
                % {"columns": COLUMNS_TEXT, "problems": "; ".join(problems)}
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                raise _refused(
                    _("Line %(line)s has %(count)s values; the first line names %(columns)s.")
                    % {"line": reader.line_num, "count": len(cells), "columns": len(columns)}
                )
            if len(rows) >= MAX_ROWS:
                raise _refused(
                    _("At most %(limit)s users per file: split it.") % {"limit": MAX_ROWS}
                )
            values = dict.fromkeys(OPTIONAL_COLUMNS, "")
            values.update({name: cell.strip() for name, cell in zip(columns, cells, strict=True)})
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise _refused(
            _("Line %(line)s could not be read: %(error)s.")
            % {"line": reader.line_num, "error": exc}
        ) from None
    if not rows:
        raise _refused(_("The file has no users after its first line."))
    return rows


# Checking the rows ----------------------------------------------------------------------------


def _role(raw: str) -> Role | None:
    """ "L20", "l20_orders", "20" or the label "L20 Orders" name the same role."""
    value = raw.strip().upper().replace(" ", "_").replace("+", "")
    for role in Role:
        if value in (role.name, f"L{role.value}", str(role.value)):
            return role
        if value.replace("__", "_") == str(ROLE_LABELS[role]).upper().replace(" ", "_").replace(
            "+", ""
        ).replace("__", "_"):
            return role
    return None


def check(actor: Membership, rows: list[tuple[int, dict[str, str]]]) -> ImportPreview:
    """Each row as ``companyMemberCreate`` would judge it, plus duplicates within the file;
    one query for every email of the file."""
    in_use = saleor.emails_in_use([values["email"] for _, values in rows])
    first_line: dict[str, int] = {}
    result = ImportPreview(rows=[])
    for line, values in rows:
        row = ImportRow(line=line, values=values)
        result.rows.append(row)
        for name in REQUIRED_COLUMNS:
            limit = members.MAX_LENGTHS.get(name)
            if not values[name]:
                row.refuse(name, REQUIRED, _("%(column)s is empty.") % {"column": name})
            elif limit and len(values[name]) > limit:
                row.refuse(name, INVALID, f"{name}: use at most {limit} characters.")
        email = values["email"]
        if email and len(email) <= members.MAX_LENGTHS["email"]:
            key = email.lower()
            try:
                validate_email(email)
            except ValidationError:
                row.refuse(
                    "email", INVALID, _("%(email)s is not a valid email.") % {"email": email}
                )
            else:
                if key in first_line:
                    row.refuse(
                        "email",
                        UNIQUE,
                        _("%(email)s is also on line %(line)s.")
                        % {"email": email, "line": first_line[key]},
                    )
                elif key in in_use:
                    row.refuse(
                        "email",
                        UNIQUE,
                        _("%(email)s already belongs to a shop user.") % {"email": email},
                    )
                first_line.setdefault(key, line)
        if values["role"]:
            row.role = _role(values["role"])
            if row.role is None:
                row.refuse("role", INVALID, _("Unknown role %(role)s.") % {"role": values["role"]})
            elif not can_grant(actor.role, row.role):
                row.refuse(
                    "role",
                    PERMISSION_DENIED,
                    _("%(role)s is above your own role or the Owner: you cannot give it.")
                    % {"role": row.role_label},
                )
        if values["budget"]:
            currency = values["budget_currency"] or actor.company.currency
            period = values["budget_period"] or "monthly"
            try:
                amount, currency, period = budgets._clean(values["budget"], currency, period)
            except ValidationError as exc:
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        text = " ".join(error.messages)
                        row.refuse(
                            f"budget_{name}".replace("budget_amount", "budget"),
                            INVALID,
                            f"{_('Budget')}: {text}",
                        )
            else:
                row.budget = {"amount": amount, "currency": currency, "period": period}
        elif values["budget_period"] or values["budget_currency"]:
            row.refuse("budget", REQUIRED, _("A budget period or currency needs an amount."))
    return result


def _admin(user: Any, company_id: int) -> Membership:
    actor = permissions.membership_for(user, company_id)
    permissions.require_user_manager(actor)
    return actor


def preview(user: Any, company_id: int, data: bytes) -> ImportPreview:
    """What confirming ``data`` would do, row by row; writes nothing."""
    actor = _admin(user, company_id)
    return check(actor, read(data))


@transaction.atomic
def confirm(
    user: Any,
    company_id: int,
    data: bytes,
    *,
    settings: PluginSettings,
    links: Links,
    filename: str = "",
) -> tuple[MemberImport, ImportPreview]:
    """Create the accepted rows' members in one transaction; invitations follow by celery.

    The file is checked again here (the preview may be old): rows refused now are skipped,
    as the preview said they would be; a file refused as a whole, or one with no row to
    create, writes nothing.
    """
    actor = _admin(user, company_id)
    if settings.new_users_need_approval:
        raise permissions.PermissionDenied(
            _("The shop approves every new user: request them one by one on the Users page.")
        )
    result = check(actor, read(data))
    accepted = result.accepted
    if not accepted:
        raise _refused(_("No row of this file can be imported: see the reason of each."))
    company: Company = actor.company
    users = saleor.build_users(
        [(r.values["email"], r.values["first_name"], r.values["last_name"]) for r in accepted]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                company=company,
                user=person,
                role=int(row.role or Role.L10_BASIC),  # an accepted row always has its role
                salutation=row.values["salutation"],
            )
            for person, row in zip(users, accepted, strict=True)
        ]
    )
    for membership, person in zip(memberships, users, strict=True):
        membership.user = person
    AuditEntry.objects.bulk_create(
        [
            audit.entry(
                company,
                user,
                audit.Action.MEMBER_IMPORTED,
                target=membership,
                after=members.snapshot(membership),
            )
            for membership in memberships
        ]
    )
    for membership, row in zip(memberships, accepted, strict=True):
        if row.budget is not None:
            members.set_budget_for(membership, row.budget, actor=user)
    job = MemberImport.objects.create(
        company=company,
        created_by=user,
        filename=filename[:255],
        member_ids=[membership.pk for membership in memberships],
        total=len(memberships),
        link_origin=links.origin,
        storefront_url=links.storefront_url,
    )
    # Named, not imported: tasks.py imports this module (docs/architecture.md, "No import
    # loops"); a signature of a registered task still runs eagerly where celery is eager.
    invitations = current_app.signature(INVITATION_TASK, args=(job.pk,))
    transaction.on_commit(invitations.delay)
    return job, result


def send_invitations(import_id: int, batch: int = INVITATION_BATCH) -> int:
    """Send the next invitations of an import, ``batch`` per transaction, counting progress
    on the row (which the page shows); resumes where a crash left it. Returns how many
    were sent now."""
    sent = 0
    while True:
        with transaction.atomic():
            job = (
                MemberImport.objects.select_for_update(of=("self",))
                .select_related("created_by")
                .filter(pk=import_id)
                .first()
            )
            if job is None or job.status == MemberImportStatus.DONE:
                return sent
            ids = job.member_ids[job.invited : job.invited + batch]
            by_pk = Membership.objects.select_related("user", "company").in_bulk(ids)
            links = Links(job.link_origin, job.storefront_url)
            added_by = job.created_by.email if job.created_by else ""
            for pk in ids:
                membership = by_pk.get(pk)
                if membership is not None and membership.is_active:
                    members.send_user_added(membership, added_by=added_by, links=links)
            job.invited += len(ids)
            if job.invited >= job.total:
                job.status = MemberImportStatus.DONE
            job.save(update_fields=["invited", "status", "updated_at"])
            sent += len(ids)
            if not ids:
                return sent


def import_of(user: Any, import_id: int) -> MemberImport:
    """An import of one of the caller's companies, for its admins; another company's
    import is not found."""
    job = MemberImport.objects.filter(pk=import_id).first()
    if job is None:
        raise permissions.NotFound("import", field="id")
    permissions.require_user_manager(
        permissions.membership_for(user, job.company_id, field="id", what="import")
    )
    return job
