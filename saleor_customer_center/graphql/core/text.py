"""Text the API takes: none with NUL characters or unpaired surrogates.

PostgreSQL cannot store a NUL character in text, and UTF-8 cannot encode a surrogate that
is not part of a pair, so such a string, anywhere in the variables or the document,
failed deep inside a service with an internal error (README "Security"). It is refused
before anything runs. graphql-core 2 turns each ``\\uXXXX`` escape of a document's string
into its own character, so even a pair written as two escapes arrives unpaired: write
the character itself instead.
"""

from __future__ import annotations

import re
from typing import Any

from graphql.language import ast
from graphql.language.visitor import Visitor, visit

from .refusals import DocumentRefused

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(DocumentRefused):
    def __init__(self, where: str):
        super().__init__(
            f"{where} holds a NUL character or an unpaired surrogate, which no text may hold."
        )


def check_variables(variables: Any) -> None:
    """Refuse variables holding a string (or an object key) that cannot be stored."""
    stack: list[tuple[Any, str]] = [(variables, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise UnstorableText(f"The variable {path}")
        elif isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    raise UnstorableText(f"A key of the variable {path}")
                stack.append((item, f"{path}.{key}" if path != "$" else f"${key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in enumerate(value))


class _StringValues(Visitor):
    def enter_StringValue(self, node: ast.StringValue, *args: Any) -> None:
        if _UNSTORABLE.search(node.value):
            raise UnstorableText("A string of the query")


def check_document(document: ast.Document) -> None:
    """Refuse a document whose string values cannot be stored."""
    visit(document, _StringValues())
