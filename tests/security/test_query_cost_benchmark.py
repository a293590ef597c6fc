"""The query-cost benchmark in its quick mode: it runs and prints its figures."""

from __future__ import annotations

import re

import pytest

from benchmarks import query_cost


@pytest.mark.benchmark
def test_query_cost_benchmark_quick_mode_prints_its_figures(db, capsys):
    results = query_cost.run(query_cost.QUICK_REPEATS)

    printed = capsys.readouterr().out
    labels = [query_cost.BASELINE[0], query_cost.NORMAL] + [
        label for label, _ in query_cost.ATTACKS
    ]
    assert list(results) == labels
    for label in labels:
        assert re.search(re.escape(label) + r" +\d+\.\d{3} ms CPU +\d+\.\d\d x plain", printed)
    assert re.search(
        r"worst anonymous document: \d+\.\d\d x plain \{ __typename \}, "
        r"\d+\.\d\d x the normal query",
        printed,
    )
