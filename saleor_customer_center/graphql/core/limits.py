"""What one request may cost, checked on the parsed document before any resolver runs.

The limits are no looser than Saleor's own (README "Security"): a depth cap, an alias cap,
one mutation per request, no JSON batching, and a complexity estimate in which a
connection costs the page it will serve (``pagination.page_size``) times its selection.
Two more caps keep graphql-core's own validation cheap, since it compares the fields
merged under one response name pair by pair: the selections a document may hold, and
how many fields one selection set may merge under one response name.

Refusing must cost less than serving. The walk reads every selection of the document once:
a fragment's shape is computed the first time it is spread and reused at every other
spread, a fragment that spreads itself or does not exist is refused where it is met, and
the walk stops at the first limit passed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from graphql import GraphQLSchema
from graphql.error import GraphQLError
from graphql.execution.values import get_argument_values
from graphql.language import ast
from graphql.type import GraphQLList, GraphQLNonNull
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from ... import conf
from .nesting import MAX_NESTING
from .pagination import CountableConnection, page_size
from .refusals import DocumentRefused, QueryTooExpensive
from .variables import CoercedVariables

# graphql-core 2's OverlappingFieldsCanBeMerged compares, pair by pair, the fields that
# one selection set merges under one response name, and recursively their selections, so
# its time grows with the square of the selections: 500 anonymous `myCompanies { role }`
# took 2.6 s to validate, 2,000 took 36 s. With these caps the costliest document that
# passes them validates in less CPU than a normal query is served (benchmarks/
# query_cost.py). The largest document the test suite sends holds 35 selections.
MAX_SELECTIONS = 150
MAX_SAME_NAME = 10
# Parsing is linear but not free (some 3 ms per KB of fragments in graphql-core 2): a
# longer document is refused before it is parsed. 150 selections, indented, fit in it.
MAX_QUERY_LENGTH = 10_000


@dataclass(frozen=True)
class Cost:
    """What a whole document costs: the figures the limits are checked against."""

    complexity: int
    aliases: int
    mutations: int


@dataclass
class Shape:
    """What a selection set adds wherever it stands (a fragment's is computed once)."""

    complexity: int = 0
    aliases: int = 0
    levels: int = 1  # field levels, this selection set included (the depth it adds)
    height: int = 1  # selection sets and fragment spreads nested, this set included
    names: Counter[str] = field(default_factory=Counter)  # response names, fragments expanded

    def merge(self, other: Shape, height: int) -> None:
        """Add a fragment's shape that stands at this set's own field level."""
        self.complexity += other.complexity
        self.aliases += other.aliases
        self.levels = max(self.levels, other.levels)
        self.height = max(self.height, height)
        self.names.update(other.names)


def _named_type(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLList | GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return graphql_type


def _is_connection(graphql_type: Any) -> bool:
    graphene_type = getattr(graphql_type, "graphene_type", None)
    return isinstance(graphene_type, type) and issubclass(graphene_type, CountableConnection)


class CostWalk:
    """One walk over a document; ``visited`` counts the selections it read."""

    def __init__(self, document: ast.Document, variables: dict, schema: GraphQLSchema):
        self.document = document
        self.schema = schema
        self.fragments: dict[str, ast.FragmentDefinition] = {}
        for definition in document.definitions:
            if isinstance(definition, ast.FragmentDefinition):
                self.fragments.setdefault(definition.name.value, definition)
        self.variables = CoercedVariables(document, variables or {}, schema)
        self.shapes: dict[str, Shape] = {}
        self.spreading: list[str] = []  # fragments being computed, outermost first
        self.visited = 0
        self.max_depth: int = conf.get("GRAPHQL_MAX_DEPTH")
        self.max_aliases: int = conf.get("GRAPHQL_MAX_ALIASES")
        self.max_mutations: int = conf.get("GRAPHQL_MAX_MUTATIONS")
        self.max_complexity: int = conf.get("GRAPHQL_MAX_COMPLEXITY")

    def check(self) -> Cost:
        """The document's cost; ``DocumentRefused`` at the first limit it passes."""
        complexity = aliases = mutations = 0
        for definition in self.document.definitions:
            if isinstance(definition, ast.OperationDefinition):
                root = {
                    "query": self.schema.get_query_type(),
                    "mutation": self.schema.get_mutation_type(),
                    "subscription": self.schema.get_subscription_type(),
                }.get(definition.operation)
                shape = self._selection_set(definition.selection_set, root, 1, 1)
                complexity += shape.complexity
                aliases += shape.aliases
                if definition.operation == "mutation":
                    # What runs, after fragments are expanded; @skip/@include are not
                    # evaluated (counted as included), __typename runs nothing.
                    mutations += sum(shape.names.values()) - shape.names["__typename"]
                self._check_totals(complexity, aliases, mutations)
        for name in self.fragments:  # unused ones too: graphql-core's validation reads them
            if name not in self.shapes:
                self._fragment(name, 1, 1)
        return Cost(complexity=complexity, aliases=aliases, mutations=mutations)

    def _check_totals(self, complexity: int, aliases: int, mutations: int) -> None:
        if aliases > self.max_aliases:
            raise QueryTooExpensive(f"The query uses more than {self.max_aliases} aliases.")
        if mutations > self.max_mutations:
            raise QueryTooExpensive(f"Send at most {self.max_mutations} mutation(s) per request.")
        if complexity > self.max_complexity:
            raise QueryTooExpensive(
                f"The query is too complex (more than {self.max_complexity}); "
                "ask for fewer items per page."
            )

    def _check_position(self, depth: int, nesting: int) -> None:
        if depth > self.max_depth:
            raise QueryTooExpensive(f"The query is nested deeper than {self.max_depth} levels.")
        if nesting > MAX_NESTING:
            raise QueryTooExpensive(
                f"The query nests fields and fragments deeper than {MAX_NESTING} levels."
            )

    def _selection_set(
        self, selection_set: ast.SelectionSet, parent: Any, depth: int, nesting: int
    ) -> Shape:
        """The shape of a selection set standing ``depth`` field levels and ``nesting``
        sets and spreads deep (positions are only used to stop early)."""
        self._check_position(depth, nesting)
        shape = Shape()
        for selection in selection_set.selections:
            self.visited += 1
            if self.visited > MAX_SELECTIONS:
                raise QueryTooExpensive(f"The query holds more than {MAX_SELECTIONS} selections.")
            if isinstance(selection, ast.Field):
                self._field(selection, parent, depth, nesting, shape)
            elif isinstance(selection, ast.InlineFragment):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                child = self._selection_set(selection.selection_set, inner, depth, nesting + 1)
                shape.merge(child, child.height + 1)
            elif isinstance(selection, ast.FragmentSpread):
                child = self._fragment(selection.name.value, depth, nesting + 1)
                self._check_position(depth + child.levels - 1, nesting + child.height)
                shape.merge(child, child.height + 1)
            self._check_totals(shape.complexity, shape.aliases, 0)
            if shape.names and max(shape.names.values()) > MAX_SAME_NAME:
                (name, _), *_ = shape.names.most_common(1)
                raise QueryTooExpensive(
                    f'The query merges more than {MAX_SAME_NAME} fields named "{name}" '
                    "in one selection."
                )
        return shape

    def _field(self, node: ast.Field, parent: Any, depth: int, nesting: int, shape: Shape) -> None:
        name = node.name.value
        definition = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}.get(name)
        if definition is None:
            definition = (getattr(parent, "fields", None) or {}).get(name)
        cost = 1
        if node.alias is not None:
            shape.aliases += 1
        if node.selection_set is not None:
            inner = _named_type(definition.type) if definition else None
            child = self._selection_set(node.selection_set, inner, depth + 1, nesting + 1)
            cost += child.complexity
            shape.aliases += child.aliases
            shape.levels = max(shape.levels, child.levels + 1)
            shape.height = max(shape.height, child.height + 1)
        if definition is not None and _is_connection(_named_type(definition.type)):
            cost *= max(self._page_size(node, definition), 1)
        shape.complexity += cost
        shape.names[(node.alias or node.name).value] += 1

    def _page_size(self, node: ast.Field, definition: Any) -> int:
        """The page this connection will serve: the resolver's own arguments, as
        graphql-core computes them, through the resolver's own ``page_size``."""
        try:
            arguments = get_argument_values(definition.args, node.arguments, self.variables)
        except GraphQLError:
            arguments = {}  # graphql-core refuses the arguments itself; count a full page
        first, last = arguments.get("first"), arguments.get("last")
        try:
            return page_size(first, last)
        except ValidationError as exc:
            asked = f"first: {first}" if last is None or first is not None else f"last: {last}"
            raise QueryTooExpensive(
                f"The query is too complex: {node.name.value}({asked}) is refused. "
                + " ".join(exc.messages)
            ) from None

    def _fragment(self, name: str, depth: int, nesting: int) -> Shape:
        if name in self.shapes:
            return self.shapes[name]
        if name in self.spreading:
            cycle = " → ".join([*self.spreading[self.spreading.index(name) :], name])
            raise DocumentRefused(f'Fragment "{name}" spreads itself ({cycle}).')
        definition = self.fragments.get(name)
        if definition is None:
            raise DocumentRefused(f'Unknown fragment "{name}".')
        self.spreading.append(name)
        parent = self.schema.get_type(definition.type_condition.name.value)
        shape = self._selection_set(definition.selection_set, parent, depth, nesting)
        self.spreading.pop()
        self.shapes[name] = shape
        return shape


def check_length(query: str) -> None:
    """Refuse, before parsing, a document longer than any within the limits."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooExpensive(f"The query is longer than {MAX_QUERY_LENGTH} characters.")


def check_cost(document: ast.Document, variables: dict, schema: GraphQLSchema) -> Cost:
    """Refuse, before validation and before any resolver, what costs too much."""
    return CostWalk(document, variables, schema).check()
