"""Fixtures of the ERP tests: feed files and a real ERP HTTP API on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import saleor.celeryconf  # noqa: F401  (as Saleor's own package __init__ does: the celery app)

TOKEN = "erp-token-123"


def customer(number: str, **extra) -> dict:
    return {
        "customerNumber": number,
        "name": f"Customer {number}",
        "customerCenter": True,
        "adminEmail": f"admin@{number.lower()}.example.com",
        **extra,
    }


def invoice(customer_number: str, number: str, **extra) -> dict:
    return {
        "customerNumber": customer_number,
        "invoiceNumber": number,
        "issueDate": "2026-11-02",
        "currency": "EUR",
        "grossAmount": "119.00",
        **extra,
    }


def writers(table: str, key: str) -> dict[str, str]:
    """Each row's writing transaction (PostgreSQL's ``xmin``), by the row's ERP number:
    which rows a run wrote, and which it left alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, xmin::text FROM {table}")  # noqa: S608 - test's own
        return dict(cursor.fetchall())


@pytest.fixture
def write_feed(tmp_path):
    """Write records (dicts, or raw strings for bad lines) as an NDJSON file."""

    def write(records, name="feed.ndjson"):
        path = tmp_path / name
        with open(path, "w", encoding="utf-8") as fh:
            for record in records:
                fh.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
        return path

    return write


class FakeErp:
    """The ERP's HTTP API as the pull connector expects it, served for real on 127.0.0.1."""

    def __init__(self) -> None:
        self.feeds: dict[str, list] = {}
        self.requests: list[dict] = []
        self.failures: list[int] = []  # statuses answered (once each) before serving again
        self.fail_on_cursor: dict[str, int] = {}  # cursor -> status, answered once
        erp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                erp.requests.append(
                    {
                        "path": url.path,
                        "query": query,
                        "authorization": self.headers.get("Authorization"),
                    }
                )
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, {"error": "bad token"})
                if erp.failures:
                    return self._answer(erp.failures.pop(0), {"error": "down"})
                cursor = query.get("cursor", "0")
                if cursor in erp.fail_on_cursor:
                    return self._answer(erp.fail_on_cursor.pop(cursor), {"error": "down"})
                kind = url.path.rsplit("/", 1)[-1]
                records = erp.feeds.get(kind, [])
                start, limit = int(cursor), int(query["limit"])
                page = records[start : start + limit]
                more = start + limit < len(records)
                return self._answer(
                    200, {"records": page, "next": str(start + limit) if more else None}
                )

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_erp(plugin_configuration):
    erp = FakeErp()
    plugin_configuration(erp_base_url=erp.url, erp_api_token=TOKEN, erp_page_size="7")
    yield erp
    erp.stop()
