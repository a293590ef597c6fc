"""The operator's view of the ERP sync: last runs, rejected records, retry, schedule."""

from __future__ import annotations

from typing import Any

from .. import permissions, saleor
from ..models import ErpRejectedRecord, ErpSyncRun
from ..models.erp import TROUBLED_STATUSES, RecordKind
from . import sync


def require_sync_manager(user: Any) -> None:
    """Acting on the sync is MANAGE_PLUGINS (the ERP connection is plugin configuration)."""
    permissions.require_staff(user, saleor.MANAGE_PLUGINS)


def sync_runs(user: Any, kind: str | None = None):
    permissions.require_staff(user)
    runs = ErpSyncRun.objects.order_by("-started_at", "-pk")
    return runs.filter(kind=kind) if kind else runs


def recent_runs(user: Any, limit: int = 20) -> list[ErpSyncRun]:
    """The newest runs of every kind, for the console's runs table."""
    return list(sync_runs(user)[:limit])


def rejected_records(user: Any, kind: str | None = None, include_resolved: bool = False):
    """Rejected ERP records, newest first; by default only those still waiting."""
    permissions.require_staff(user)
    records = ErpRejectedRecord.objects.order_by("-created_at", "-pk")
    if kind:
        records = records.filter(kind=kind)
    if not include_resolved:
        records = records.filter(resolved_at__isnull=True)
    return records


def troubled_runs(user: Any, hours: int = 24):
    """Runs of the last ``hours`` that failed or rejected records: the console's warning."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(hours=hours)
    return sync_runs(user).filter(started_at__gte=since, status__in=TROUBLED_STATUSES)


def retry_now(user: Any, kind: str | None = None, record_id: int | None = None):
    """Run the rejected records of a kind (or one record) through the sync again, now."""
    require_sync_manager(user)
    if record_id is not None:
        record = ErpRejectedRecord.objects.filter(pk=record_id, resolved_at__isnull=True).first()
        if record is None:
            raise permissions.NotFound("rejected record")
        return sync.retry_rejected(record.kind, record_ids=[record.pk])
    if kind not in RecordKind.values:
        raise permissions.NotFound("record kind")
    return sync.retry_rejected(kind)


def schedule() -> list[dict[str, Any]]:
    """The sync's periodic tasks as django-celery-beat holds them."""
    from django_celery_beat.models import PeriodicTask

    return [
        {
            "name": task.name,
            "task": task.task,
            "enabled": task.enabled,
            "every": str(task.interval or task.crontab or ""),
            "last_run_at": task.last_run_at,
        }
        for task in PeriodicTask.objects.filter(task__startswith="saleor_customer_center.")
        .select_related("interval", "crontab")
        .order_by("name")
    ]
