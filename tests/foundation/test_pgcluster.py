"""The throwaway PostgreSQL of the demo and the tests starts from any folder a newcomer
clones into, root's home of mode 700 included (issue 11 item 7), and says nothing there."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from devtools.pgcluster import Cluster


@pytest.mark.skipif(shutil.which("runuser") is None, reason="Linux with util-linux")
def test_a_cluster_starts_and_stops_quietly_from_a_folder_only_its_owner_may_enter(
    tmp_path, monkeypatch, capfd
):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    clone = home / "saleor-customer-center"
    clone.mkdir()
    monkeypatch.chdir(clone)  # where bin/demo and bin/test run from

    cluster = Cluster(clone / ".demo" / "pg", fast=True).start()
    try:
        answer = subprocess.run(
            [str(cluster.bindir / "psql"), "-tAc", "SELECT 1"],
            env={**os.environ, **cluster.env("postgres")},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        cluster.stop()

    assert answer.stdout.strip() == "1"
    assert not (cluster.data / "postmaster.pid").exists()
    if os.geteuid() == 0:  # the server runs as postgres, which cannot enter the clone
        assert not cluster.root.is_relative_to(home)
    printed = capfd.readouterr()
    assert "could not change directory" not in printed.err + printed.out
    shutil.rmtree(cluster.root, ignore_errors=True)
