"""HTTP JSON pull: pages of records from the ERP's API, token-authenticated.

Contract with the ERP (documented in the README):
``GET <erp_base_url>/<kind>?limit=<erp_page_size>[&cursor=<next>]`` with
``Authorization: Bearer <erp_api_token>`` answers ``{"records": [...], "next": <cursor or
null>}``. Base URL, token and page size are the operator's settings (the Dashboard).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import requests

from ... import conf
from ...models.erp import SyncSource
from ...settings_store import PluginSettings
from .base import Connector, ErpConnectionError, ErpSourceError, SourceRecord

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class HttpPullConnector(Connector):
    source = SyncSource.PULL

    def __init__(self, kind: str, settings: PluginSettings | None = None) -> None:
        super().__init__(kind, settings)
        self.base_url = self.settings.erp_base_url.rstrip("/")
        self.token = self.settings.erp_api_token
        self.page_size = self.settings.erp_page_size
        self.timeout = conf.get("ERP_HTTP_TIMEOUT_SECONDS")
        self.session = requests.Session()
        self._cursor: str | None = None
        self._index = 0

    def feed_id(self) -> str:
        return f"pull:{self.base_url}/{self.kind}"

    def checkpoint(self) -> dict[str, Any]:
        # The page being read and how many of its records were handed out.
        return {"cursor": self._cursor, "index": self._index}

    def records(self, resume: dict[str, Any] | None = None) -> Iterator[SourceRecord]:
        if not self.base_url:
            raise ErpSourceError("The ERP base URL (erp_base_url) is not configured.")
        cursor: str | None = (resume or {}).get("cursor")
        skip = int((resume or {}).get("index") or 0)
        page = 0
        while True:
            page += 1
            records, next_cursor = self._page(cursor)
            self._cursor, self._index = cursor, 0
            for index, payload in enumerate(records):
                self._index = index + 1
                if index < skip:
                    continue
                yield SourceRecord(payload, f"page {page} ({cursor or 'first'}) #{index + 1}")
            skip = 0
            if not next_cursor:
                # Done: a resume after the last page must not fetch it again.
                self._cursor, self._index = cursor, len(records)
                return
            cursor = next_cursor

    def _page(self, cursor: str | None) -> tuple[list[Any], str | None]:
        params: dict[str, Any] = {"limit": self.page_size}
        if cursor:
            params["cursor"] = cursor
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        url = f"{self.base_url}/{self.kind}"
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ErpConnectionError(f"ERP unreachable at {url}: {exc}") from exc
        if response.status_code in RETRYABLE_STATUS:
            raise ErpConnectionError(f"ERP answered {response.status_code} at {url}")
        if response.status_code != 200:
            raise ErpSourceError(f"ERP answered {response.status_code} at {url}")
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise ErpSourceError(f"ERP answered invalid JSON at {url}: {exc}") from exc
        if not isinstance(body, dict) or not isinstance(body.get("records"), list):
            raise ErpSourceError(f'ERP answer at {url} has no "records" list')
        next_cursor = body.get("next")
        if next_cursor is not None and not isinstance(next_cursor, str | int):
            raise ErpSourceError(f'ERP answer at {url} has a bad "next" cursor')
        return body["records"], (str(next_cursor) if next_cursor not in (None, "") else None)

    def close(self) -> None:
        self.session.close()
