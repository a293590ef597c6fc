"""Invoice PDFs: streamed from the ERP's URL, or from the shop's storage.

``Invoice.pdf_url`` is either an http(s) URL of the ERP (fetched with the ERP token of the
plugin configuration, streamed without holding the file in memory) or
``storage:<path>`` for a file the ERP sync stored with Django's default storage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import default_storage

from .. import conf, permissions, settings_store
from ..models import Invoice

CHUNK = 64 * 1024


class DocumentUnavailable(Exception):
    """The ERP has no PDF for this invoice, or could not deliver it now."""


@dataclass
class Document:
    chunks: Iterator[bytes]
    filename: str
    content_type: str = "application/pdf"


def _stream_url(url: str) -> Iterator[bytes]:
    import requests

    token = settings_store.current().erp_api_token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = requests.get(
            url, headers=headers, stream=True, timeout=conf.get("ERP_HTTP_TIMEOUT_SECONDS")
        )
    except requests.RequestException as exc:
        raise DocumentUnavailable(str(exc)) from exc
    if response.status_code != 200:
        response.close()
        raise DocumentUnavailable(f"ERP answered {response.status_code}")

    def chunks() -> Iterator[bytes]:
        with response:
            yield from response.iter_content(CHUNK)

    return chunks()


def _stream_storage(path: str) -> Iterator[bytes]:
    if not default_storage.exists(path):
        raise DocumentUnavailable("stored file is missing")
    handle = default_storage.open(path, "rb")

    def chunks() -> Iterator[bytes]:
        with handle:
            while block := handle.read(CHUNK):
                yield block

    return chunks()


def open_invoice_pdf(invoice: Invoice) -> Document:
    source = invoice.pdf_url or ""
    if source.startswith("storage:"):
        chunks = _stream_storage(source.removeprefix("storage:"))
    elif source.startswith(("http://", "https://")):
        chunks = _stream_url(source)
    else:
        raise permissions.NotFound("invoice PDF")
    return Document(chunks=chunks, filename=f"invoice-{invoice.invoice_number}.pdf")
