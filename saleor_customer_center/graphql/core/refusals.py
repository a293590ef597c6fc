"""What a request is refused for before it runs: answered with HTTP 400 and ``code``."""

from __future__ import annotations


class DocumentRefused(Exception):
    """A request refused before validation and before any resolver."""

    code = "GRAPHQL_ERROR"


class QueryTooExpensive(DocumentRefused):
    code = "QUERY_TOO_EXPENSIVE"
