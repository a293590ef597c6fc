"""The statement of account as a PDF (WeasyPrint, as the order PDF)."""

from __future__ import annotations

from django.utils import translation

from ..templating import render_to_string
from .pdf_documents import write_pdf
from .statement import Statement

TEMPLATE = "saleor_customer_center/pdf/statement.html"


def render_statement_html(statement: Statement) -> str:
    return render_to_string(
        TEMPLATE, {"statement": statement, "language_code": translation.get_language()}
    )


def render_statement_pdf(statement: Statement) -> bytes:
    return write_pdf(render_statement_html(statement))


def filename(statement: Statement) -> str:
    number = "".join(c for c in statement.company.customer_number if c.isalnum() or c in "-_")
    return f"statement-{number or 'company'}-{statement.start}-{statement.end}.pdf"
