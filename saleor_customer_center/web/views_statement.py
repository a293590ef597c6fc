"""Statement of account (L40 and up): the company's PDF for a chosen period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from ..roles import Section
from ..services import statement as statements
from ..services import statement_pdf as statement_pdfs
from . import forms
from .pages import PageContext, customer_page, render


@customer_page(Section.BILLING)
def statement_pdf(request: HttpRequest, page: PageContext) -> HttpResponse:
    """``billing/statement/?from=YYYY-MM-DD&to=YYYY-MM-DD`` (default: this year so far)."""
    try:
        statement = statements.statement(
            page.company,
            page.membership,
            forms.optional_date(request.GET, "from"),
            forms.optional_date(request.GET, "to"),
        )
    except ValidationError as exc:
        context = {"status": 400, "message": " ".join(exc.messages), "active": "billing"}
        return render(page, "error.html", context, status=400)
    response = HttpResponse(statement_pdfs.render_statement_pdf(statement), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_pdfs.filename(statement)}"'
    return response
