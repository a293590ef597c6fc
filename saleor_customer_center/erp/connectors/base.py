"""The connector interface: a stream of raw ERP records of one kind, resumable.

An installer swaps the scheduled (pull) connector by naming a subclass of
:class:`Connector` in ``CUSTOMER_CENTER["ERP_CONNECTOR"]``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, ClassVar

from django.utils.module_loading import import_string

from ... import conf
from ...settings_store import PluginSettings
from ..errors import ErpConnectionError, ErpSourceError, MalformedFeed
from ..source import RawLine, SourceRecord

__all__ = [
    "Connector",
    "ErpConnectionError",
    "ErpSourceError",
    "MalformedFeed",
    "RawLine",
    "SourceRecord",
    "pull_connector_class",
]


class Connector(abc.ABC):
    """A source of records of one kind.

    ``records(resume)`` yields the records lazily (memory must not grow with the feed);
    ``checkpoint()`` tells, at any time, where to start again to get the records after the
    last one yielded: the sync stores it with each committed batch, and passes it back as
    ``resume`` when a crashed run of the same ``feed_id()`` starts again.
    """

    source: ClassVar[str]

    def __init__(self, kind: str, settings: PluginSettings | None = None) -> None:
        """``settings``: the operator's settings, read once by the task that runs the sync
        (docs/architecture.md, "Settings"); a connector never reads them itself."""
        self.kind = kind
        self.settings = settings or PluginSettings()

    @abc.abstractmethod
    def feed_id(self) -> str:
        """Identifies the feed: a checkpoint only applies to the same feed."""

    @abc.abstractmethod
    def records(self, resume: dict[str, Any] | None = None) -> Iterator[SourceRecord | RawLine]:
        """Yield the records, starting after ``resume`` when given: parsed
        (:class:`SourceRecord`) or NDJSON lines to be parsed by the sync (:class:`RawLine`)."""

    def batches(
        self, resume: dict[str, Any] | None, size: int
    ) -> Iterator[Sequence[SourceRecord | RawLine]]:
        """The records in batches of at most ``size``, read lazily; ``checkpoint()`` after a
        batch tells where the next one starts. A connector may hand over whole batches in a
        cheaper form (the NDJSON ones do: ``LineBatch``)."""
        stream = self.records(resume)
        while batch := list(islice(stream, size)):
            yield batch

    @abc.abstractmethod
    def checkpoint(self) -> dict[str, Any]:
        """Where to resume to get the records after the last one yielded."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections or files."""


def pull_connector_class() -> type[Connector]:
    """The installer's pull connector (``ERP_CONNECTOR``), checked to be a Connector."""
    cls = import_string(conf.get("ERP_CONNECTOR"))
    if not (isinstance(cls, type) and issubclass(cls, Connector)):
        raise TypeError(f"ERP_CONNECTOR {conf.get('ERP_CONNECTOR')} is not a Connector subclass")
    return cls
