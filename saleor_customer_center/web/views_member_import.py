"""User import (L80+): upload a CSV, read the preview of every row, confirm; then the
invitations' progress (services/member_import.py holds the rules)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .. import permissions
from ..links import path
from ..roles import Section
from ..services import member_import
from . import forms
from .pages import PageContext, customer_page, perform, render

FILE_FIELD = "file"


def _uploaded(request: HttpRequest) -> tuple[bytes, str]:
    """The uploaded file's bytes (one byte past the limit at most: the service refuses
    it), or the text a preview sent back with its confirm button."""
    upload = request.FILES.get(FILE_FIELD)
    if upload is not None:
        return upload.read(member_import.MAX_BYTES + 1), upload.name or ""
    text = request.POST.get("csv", "")
    if not text:
        raise ValidationError(
            {FILE_FIELD: [ValidationError(_("Choose a CSV file to upload."), code="required")]}
        )
    return text.encode("utf-8"), request.POST.get("filename", "")


@customer_page(Section.USERS)
def member_import_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    errors: dict = {}
    result = None
    text = filename = ""
    if request.method == "POST":
        action = request.POST.get("action", "preview")
        try:
            data, filename = _uploaded(request)
            if action == "confirm":
                job, _result = perform(
                    member_import.confirm,
                    page.viewer,
                    page.company.pk,
                    data,
                    settings=page.settings,
                    links=page.links,
                    filename=filename,
                )
                return HttpResponseRedirect(path("cc-member-import-status", job.pk))
            result = member_import.preview(page.viewer, page.company.pk, data)
            text = data.decode("utf-8-sig")
        except ValidationError as exc:
            errors = forms.error_messages(exc)
    return render(
        page,
        "member_import.html",
        {
            "active": "users",
            "errors": errors,
            "preview": result,
            "csv_text": text,
            "filename": filename,
            "max_kib": member_import.MAX_BYTES // 1024,
            "max_rows": member_import.MAX_ROWS,
        },
        status=400 if errors else 200,
    )


@customer_page(Section.USERS)
def member_import_status(request: HttpRequest, page: PageContext, import_id: int) -> HttpResponse:
    job = member_import.import_of(page.viewer, import_id)
    if job.company_id != page.company.pk:
        raise permissions.NotFound("import")
    return render(page, "member_import_status.html", {"active": "users", "job": job})
