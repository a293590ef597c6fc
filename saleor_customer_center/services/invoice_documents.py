"""Invoice PDFs: streamed from the ERP's URL, or from the shop's storage.

``Invoice.pdf_url`` is either an http(s) URL on the ERP host (fetched with the ERP token of
the plugin configuration, streamed without holding the file in memory; any other URL is
refused, see ``erp_fetch``) or
``storage:<path>`` for a file the ERP sync stored with Django's default storage.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import default_storage

from ..models import Invoice
from ..settings_store import PluginSettings
from . import erp_fetch

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class DocumentUnavailable(Exception):
    """The ERP has no PDF for this invoice, or could not deliver it now."""


@dataclass
class Document:
    chunks: Iterator[bytes]
    filename: str
    content_type: str = "application/pdf"


def _stream_url(url: str, settings: PluginSettings) -> Iterator[bytes]:
    """From the ERP host only, with the ERP token (services/erp_fetch.py says how)."""
    try:
        return erp_fetch.fetch(url, settings.erp_base_url, settings.erp_api_token)
    except erp_fetch.FetchRefused as exc:
        logger.warning("Invoice PDF not fetched: %s", exc)
        raise DocumentUnavailable(str(exc)) from exc


def _stream_storage(path: str) -> Iterator[bytes]:
    if not default_storage.exists(path):
        raise DocumentUnavailable("stored file is missing")
    handle = default_storage.open(path, "rb")

    def chunks() -> Iterator[bytes]:
        with handle:
            while block := handle.read(CHUNK):
                yield block

    return chunks()


def open_invoice_pdf(invoice: Invoice, settings: PluginSettings) -> Document:
    """The invoice's PDF; ``settings``: the operator's, read once for the request."""
    source = invoice.pdf_url or ""
    if source.startswith("storage:"):
        chunks = _stream_storage(source.removeprefix("storage:"))
    elif source.startswith(("http://", "https://")):
        chunks = _stream_url(source, settings)
    else:
        raise DocumentUnavailable("no PDF on file yet")
    return Document(chunks=chunks, filename=f"invoice-{invoice.invoice_number}.pdf")
