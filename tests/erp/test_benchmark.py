"""The ERP sync benchmark in its quick mode: it runs every kind and phase and prints them."""

from __future__ import annotations

import re

import pytest

from benchmarks import erp_sync


@pytest.mark.benchmark
def test_erp_sync_benchmark_quick_mode_prints_its_figures(db, capsys):
    results = erp_sync.run(erp_sync.QUICK_SIZES, batch_size=erp_sync.QUICK_BATCH_SIZE)

    printed = capsys.readouterr().out
    phases = (erp_sync.FIRST, erp_sync.UPDATE, erp_sync.REPLAY, erp_sync.INDEXED)
    assert set(results) == {(k, 3_000, p) for k in erp_sync.KINDS for p in phases}
    for kind in erp_sync.KINDS:
        for phase in phases:
            assert re.search(
                rf"{kind} +3,000 {re.escape(phase)} *: sync +[\d,]+ rows/s, COPY +[\d,]+ rows/s, "
                r"ratio \d+\.\d\d; peak memory \+\d+\.\d MiB RSS \(parse worker \d+ MiB\)",
                printed,
            ), printed
    # Three batches per phase: the parse worker process ran.
    assert all(figures["worker_peak_rss_mib"] > 0 for figures in results.values())


@pytest.mark.benchmark
def test_repeated_phases_print_the_median_attempt_and_every_ratio(db, capsys):
    results = erp_sync.run((500,), ("payment",), batch_size=200, repeats=3)

    printed = capsys.readouterr().out
    for phase in (erp_sync.FIRST, erp_sync.UPDATE, erp_sync.REPLAY, erp_sync.INDEXED):
        line = re.search(rf"payment +500 {re.escape(phase)} *:.*", printed)
        assert line, printed
        ratios = re.search(r"median of (\d+\.\d\d), (\d+\.\d\d), (\d+\.\d\d)\)", line[0])
        assert ratios, line[0]
        assert f"{results[('payment', 500, phase)]['ratio']:.2f}" == sorted(ratios.groups())[1]
