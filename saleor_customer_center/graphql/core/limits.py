"""What one request may cost, checked on the parsed document before any resolver runs.

The limits are no looser than Saleor's own: a depth cap, an alias cap, one mutation per
request, no JSON batching, and a complexity estimate in which a list of ``first: n``
items costs ``n`` times its selection.
"""

from __future__ import annotations

from graphql.language import ast

from ... import conf


class QueryTooExpensive(Exception):
    pass


def _fragments(document: ast.Document) -> dict[str, ast.FragmentDefinition]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, ast.FragmentDefinition)
    }


def _first(field: ast.Field, variables: dict) -> int:
    for argument in field.arguments or []:
        if argument.name.value in ("first", "last"):
            value = argument.value
            if isinstance(value, ast.IntValue):
                return max(int(value.value), 1)
            if isinstance(value, ast.Variable):
                given = variables.get(value.name.value)
                return max(int(given), 1) if isinstance(given, int) else 1
    return 1


class _Walker:
    def __init__(self, document: ast.Document, variables: dict):
        self.fragments = _fragments(document)
        self.variables = variables
        self.aliases = 0
        self.max_depth = 0

    def cost(self, selection_set: ast.SelectionSet | None, depth: int, seen: frozenset) -> int:
        if selection_set is None:
            return 0
        self.max_depth = max(self.max_depth, depth)
        if self.max_depth > conf.get("GRAPHQL_MAX_DEPTH"):
            raise QueryTooExpensive(
                f"The query is nested deeper than {conf.get('GRAPHQL_MAX_DEPTH')} levels."
            )
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, ast.Field):
                if selection.alias is not None:
                    self.aliases += 1
                children = self.cost(selection.selection_set, depth + 1, seen)
                total += (1 + children) * _first(selection, self.variables)
            elif isinstance(selection, ast.InlineFragment):
                total += self.cost(selection.selection_set, depth, seen)
            elif isinstance(selection, ast.FragmentSpread):
                name = selection.name.value
                if name in seen or name not in self.fragments:
                    continue  # graphql validation reports cycles and unknown fragments
                total += self.cost(self.fragments[name].selection_set, depth, seen | {name})
        return total


def check_cost(document: ast.Document, variables: dict) -> None:
    walker = _Walker(document, variables or {})
    mutations = 0
    complexity = 0
    for definition in document.definitions:
        if not isinstance(definition, ast.OperationDefinition):
            continue
        if definition.operation == "mutation":
            mutations += len(definition.selection_set.selections)
        complexity += walker.cost(definition.selection_set, 1, frozenset())
    if walker.aliases > conf.get("GRAPHQL_MAX_ALIASES"):
        raise QueryTooExpensive(
            f"The query uses more than {conf.get('GRAPHQL_MAX_ALIASES')} aliases."
        )
    if mutations > conf.get("GRAPHQL_MAX_MUTATIONS"):
        raise QueryTooExpensive(
            f"Send at most {conf.get('GRAPHQL_MAX_MUTATIONS')} mutation(s) per request."
        )
    if complexity > conf.get("GRAPHQL_MAX_COMPLEXITY"):
        raise QueryTooExpensive(
            f"The query is too complex ({complexity} > {conf.get('GRAPHQL_MAX_COMPLEXITY')}); "
            "ask for fewer items per page."
        )
