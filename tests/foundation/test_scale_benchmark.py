"""The scale benchmark (issue 16 item 6) in its quick mode: it seeds both shops, runs
every row of the table and prints small, large and the ratio."""

from __future__ import annotations

import re

import pytest

from benchmarks import scale


@pytest.mark.benchmark
def test_scale_benchmark_quick_mode_prints_every_row(db, plugin_configuration, capsys):
    results = scale.run(scale.QUICK, scale.QUICK_REPEATS)

    printed = capsys.readouterr().out
    assert set(results) == {
        "order search, own orders unchanged",
        "staff company search",
        "audit log, first page",
        "audit log, middle page",
        "audit log, last page",
        "Users page",
        "rejected ERP records",
    }
    for row in results:
        assert re.search(rf"\| {re.escape(row)} \| [\d.]+ \| [\d.]+ \| \d+\.\d\d \|", printed)
