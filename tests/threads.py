"""Real threads with real database connections, for the race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def in_thread(
    target: Callable[[], object],
    results: list,
    index: int,
    barrier: threading.Barrier | None = None,
) -> threading.Thread:
    """A thread that waits at ``barrier``, stores what ``target`` returns (or raises) in
    ``results[index]`` and closes its own connection."""

    def run() -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=10)
            results[index] = target()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            results[index] = exc
        finally:
            connection.close()

    return threading.Thread(target=run)


def run_together(targets: list[Callable[[], object]]) -> list:
    """Run every target at the same instant, each in its own thread; their results."""
    results: list = [None] * len(targets)
    barrier = threading.Barrier(len(targets))
    threads = [in_thread(target, results, index, barrier) for index, target in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
