"""The user-import benchmark in its quick mode: it imports, invites and prints its figures."""

from __future__ import annotations

import re

import pytest

from benchmarks import member_import


@pytest.mark.benchmark
def test_member_import_benchmark_quick_mode_prints_its_figures(db, capsys):
    results = member_import.run(member_import.QUICK_USERS)

    printed = capsys.readouterr().out
    assert set(results) == {"baseline", "import", "invitations"}
    assert re.search(r"plain bulk insert of 100 users: +\d+\.\d{3} s \( *[\d,]+ users/s\)", printed)
    assert re.search(r"import of 100 users from CSV: +\d+\.\d{3} s \( *[\d,]+ users/s\)", printed)
    assert re.search(r"invitations of 100 users: +\d+\.\d{3} s", printed)
    assert re.search(r"import and invitations / bulk insert: \d+\.\dx", printed)
