"""The documents of the hardening issue's attacks on the cost checker, written once for
the benchmark (query_cost.py) and the tests that prove each defence."""

from __future__ import annotations


def doubling_fragments(levels: int = 20) -> str:
    """The query of issue item 1: ``levels`` fragments, each spreading the next twice
    (2**levels leaves once expanded), under 1 KB."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ __typename }}")
    return "{ ...F0 } " + " ".join(fragments)


def nested_fields(levels: int = 3_000) -> str:
    """Issue item 10: a query nested ``levels`` field levels deep (6 KB at 3,000)."""
    return "{" + "a{" * levels + "b" + "}" * levels + "}"


def fragment_chain(length: int) -> str:
    """``length`` fragments, each spreading the next once (9 KB at 300)."""
    fragments = [f"fragment C{i} on Query{{...C{i + 1}}}" for i in range(length)]
    fragments.append(f"fragment C{length} on Query{{__typename}}")
    return "{...C0}" + "".join(fragments)


CYCLE = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
