"""Exceptions of the ERP sync, importable without touching models (celery's autoretry_for)."""

from __future__ import annotations


class ErpConnectionError(ConnectionError):
    """The ERP could not be reached (network, timeout, 5xx): the task retries with backoff."""


class ErpSourceError(Exception):
    """The feed itself is unusable (auth refused, bad answer): the run fails, no retry."""


class MalformedFeed(ErpSourceError):
    """A line of a file or batch is not readable at all: the run stops at that line."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


class WorkerDied(RuntimeError):
    """The parse worker ended without answering: the run fails and resumes later."""


class SyncLocked(Exception):
    """Another run of the same record kind holds the lock: runs of a kind never overlap."""
