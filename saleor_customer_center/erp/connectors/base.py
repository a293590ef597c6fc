"""The connector interface: a stream of raw ERP records of one kind, resumable.

An installer swaps the scheduled (pull) connector by naming a subclass of
:class:`Connector` in ``CUSTOMER_CENTER["ERP_CONNECTOR"]``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple

from django.utils.module_loading import import_string

from ... import conf
from ..errors import ErpConnectionError, ErpSourceError, MalformedFeed

__all__ = [
    "Connector",
    "ErpConnectionError",
    "ErpSourceError",
    "MalformedFeed",
    "SourceRecord",
    "pull_connector_class",
]


class SourceRecord(NamedTuple):
    """One record as the ERP sent it: parsed payload, raw text if at hand, where it was.

    A named tuple because millions are made per feed: it is the cheapest record type.
    """

    payload: Any
    position: str
    raw: str | bytes | None = None  # bytes: the UTF-8 line, decoded only if rejected
    retry_of: int | None = None  # the ErpRejectedRecord being retried, if any


class Connector(abc.ABC):
    """A source of records of one kind.

    ``records(resume)`` yields the records lazily (memory must not grow with the feed);
    ``checkpoint()`` tells, at any time, where to start again to get the records after the
    last one yielded: the sync stores it with each committed batch, and passes it back as
    ``resume`` when a crashed run of the same ``feed_id()`` starts again.
    """

    source: ClassVar[str]

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @abc.abstractmethod
    def feed_id(self) -> str:
        """Identifies the feed: a checkpoint only applies to the same feed."""

    @abc.abstractmethod
    def records(self, resume: dict[str, Any] | None = None) -> Iterator[SourceRecord]:
        """Yield the records, starting after ``resume`` when given."""

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
