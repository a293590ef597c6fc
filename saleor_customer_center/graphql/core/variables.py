"""Variables as graphql-core will hand them to the resolvers, for the cost estimate.

The estimate must count the page a resolver will serve (limits.py), so it reads ``first``
through graphql-core's own coercion (``get_variable_values``): "100" and 100.0 are 100
for the estimate as for the resolver.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import GraphQLSchema
from graphql.execution.values import get_variable_values
from graphql.language import ast


class CoercedVariables(Mapping):
    """The variables as graphql-core will hand them to resolvers, each coerced by
    graphql-core's own function when first read (only page sizes are), and absent when
    graphql-core would refuse it (it answers that itself, later)."""

    def __init__(self, document: ast.Document, raw: dict, schema: GraphQLSchema):
        self.raw = raw
        self.schema = schema
        self.definitions: dict[str, ast.VariableDefinition] = {}
        for definition in document.definitions:
            if isinstance(definition, ast.OperationDefinition):
                for variable in definition.variable_definitions or []:
                    self.definitions.setdefault(variable.variable.name.value, variable)
        self.coerced: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.coerced:
            try:
                values = get_variable_values(self.schema, [self.definitions[name]], self.raw)
            except Exception:  # noqa: BLE001 - any refusal of graphql-core's: absent
                values = {}
            self.coerced[name] = values.get(name, _ABSENT)
        if self.coerced[name] is _ABSENT:
            raise KeyError(name)
        return self.coerced[name]

    def __contains__(self, name: object) -> bool:
        try:
            self[name]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return (name for name in self.definitions if name in self)

    def __len__(self) -> int:
        return len(self.definitions)


_ABSENT = object()
