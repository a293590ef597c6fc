"""How deeply a request nests, measured before anything recursive reads it.

graphql-core 2 parses, validates and executes recursively, and Python's json module
decodes recursively: a query or a variables object nested a few thousand levels deep
raised RecursionError and answered 500 (README "Security"). These two scans are loops,
not recursion, so they answer for any depth in time linear in the request's size.
"""

from __future__ import annotations

import re
from typing import Any

from .refusals import QueryTooExpensive

# Far above what a real query nests (at most GRAPHQL_MAX_DEPTH field levels, a few inline
# fragments and input objects), far below the depth at which graphql-core 2 runs out of
# Python's stack (tests/security/test_deep_documents.py runs a document this deep through
# parsing, validation and execution).
MAX_NESTING = 32

# Strings, block strings and comments are skipped whole: their brackets are text.
# Possessive quantifiers (*+) keep an unterminated string from backtracking.
_TOKENS = re.compile(
    r'(?P<skip>"""(?:\\"""|[^"]|"(?!""))*+"""|"(?:\\.|[^"\\\n\r])*+"|#[^\n\r]*+)'
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
)


class TooDeeplyNested(QueryTooExpensive):
    """The request nests deeper than ``MAX_NESTING``; refused before it is parsed."""

    def __init__(self, what: str):
        super().__init__(f"The {what} is nested deeper than {MAX_NESTING} levels.")


def check_query_text(query: str) -> None:
    """Refuse a document whose braces, brackets or parentheses nest too deeply."""
    depth = 0
    for match in _TOKENS.finditer(query):
        if match.lastgroup == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise TooDeeplyNested("query")
        elif match.lastgroup == "close":
            depth -= 1


def check_json_value(value: Any) -> None:
    """Refuse variables whose lists and objects nest too deeply."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= MAX_NESTING:
            raise TooDeeplyNested("variables object")
        stack.extend((child, depth + 1) for child in children)
