"""The ERP sync benchmark in its quick mode: it runs and prints its figures."""

from __future__ import annotations

import re

import pytest

from benchmarks import erp_sync


@pytest.mark.benchmark
def test_erp_sync_benchmark_quick_mode_prints_its_figures(db, capsys):
    results = erp_sync.run(erp_sync.QUICK_SIZES)

    printed = capsys.readouterr().out
    assert set(results) == {10_000}
    assert re.search(
        r"10,000 invoices: sync +[\d,]+ rows/s, raw COPY +[\d,]+ rows/s, "
        r"ratio \d+\.\d\d of COPY; replay +[\d,]+ rows/s; "
        r"peak memory \+\d+\.\d MiB RSS during the sync \(process peak \d+ MiB\)",
        printed,
    ), printed
