"""The budget-check benchmark in its quick mode: it runs and prints its figures."""

from __future__ import annotations

import re

import pytest

from benchmarks import budget_check


@pytest.mark.benchmark
def test_budget_check_benchmark_quick_mode_prints_its_figures(db, capsys):
    results = budget_check.run(budget_check.QUICK_COUNTS, budget_check.QUICK_REPEATS)

    printed = capsys.readouterr().out
    assert set(results) == {100, 2_000}
    assert re.search(r"budget check at +100 past orders: +\d+\.\d{3} ms", printed)
    assert re.search(r"budget check at +2,000 past orders: +\d+\.\d{3} ms", printed)
    assert re.search(r"ratio 2,000 / 100 past orders: \d+\.\d\d", printed)
