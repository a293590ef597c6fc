"""Signed pushes: the ERP POSTs an NDJSON batch, signed, to ``erp/push/<kind>/``.

Signature: ``X-Erp-Signature: sha256=<hex>`` where hex is HMAC-SHA256, keyed with the
``erp_push_secret`` of the plugin configuration, of ``<timestamp>.`` followed by the raw
body bytes; ``X-Erp-Timestamp: <unix seconds>``. Signing the timestamp with the body is
what makes the freshness check worth anything: a captured batch cannot be re-sent with a
new timestamp, and a re-sent one with its old signature is refused as a replay.
"""

from __future__ import annotations

import hashlib
import hmac

from ...models.erp import SyncSource
from .files import BytesConnector

SIGNATURE_HEADER = "X-Erp-Signature"
TIMESTAMP_HEADER = "X-Erp-Timestamp"
SIGNATURE_PREFIX = "sha256="


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The header value the ERP sends: ``sha256=<hex digest>``."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def signature_matches(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower())


class PushConnector(BytesConnector):
    """The records of one stored push batch (an ``ErpPushReceipt``)."""

    source = SyncSource.PUSH

    def __init__(self, kind: str, receipt_id: int, body: bytes) -> None:
        super().__init__(kind, bytes(body), feed=f"push:{receipt_id}")
        self.receipt_id = receipt_id
