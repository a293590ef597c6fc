"""PDFs with WeasyPrint from the plugin's HTML templates (orders, statements).

WeasyPrint fetches what a document links to; the only thing ours link to is the shop's
logo (branding.py). Every other address is refused, so a document never makes the server
call an address that came from anywhere else.
"""

from __future__ import annotations

from typing import Any

from weasyprint import HTML

from .. import branding

FETCH_TIMEOUT_SECONDS = 5


class FetchRefused(ValueError):
    pass


def _fetcher(allowed: set[str]) -> Any:
    try:  # WeasyPrint 68 and later: a fetcher is a URLFetcher
        from weasyprint.urls import URLFetcher
    except ImportError:  # older: a function
        from weasyprint import default_url_fetcher  # type: ignore[attr-defined]

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if url not in allowed:
                raise FetchRefused(url)
            return default_url_fetcher(url, timeout=FETCH_TIMEOUT_SECONDS)

        return fetch

    class LogoOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise FetchRefused(url)
            return super().fetch(url, headers)

    return LogoOnly(
        timeout=FETCH_TIMEOUT_SECONDS, allowed_protocols=("https", "http"), allow_redirects=False
    )


def write_pdf(html: str) -> bytes:
    logo = branding.current().logo_url
    return HTML(string=html, url_fetcher=_fetcher({logo} if logo else set())).write_pdf()
