"""``manage.py customer_center_import KIND PATH``: import an NDJSON/JSON Lines or CSV file.

Exit codes (README "ERP sync"): 0 every record stored; 1 some rejected (kept in the
rejected records and listed here); 2 the file is unreadable or malformed (with the line
number); 3 another sync of the same kind is running.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...erp import records, sync
from ...erp.errors import ErpSourceError, SyncLocked
from ...models import ErpRejectedRecord

SHOW_REJECTED = 50


class Command(BaseCommand):
    help = "Import ERP records of one kind from an .ndjson, .jsonl or .csv file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=records.KINDS)
        parser.add_argument("path")
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, kind: str, path: str, batch_size: int | None, **options) -> None:
        try:
            run = sync.import_file(kind, path, batch_size=batch_size)
        except ErpSourceError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        except SyncLocked as exc:
            raise CommandError(str(exc), returncode=3) from exc
        self.stdout.write(
            f"{kind}: {run.received} received, {run.stored} stored, {run.rejected} rejected "
            f"(run {run.pk})"
        )
        if run.rejected:
            rejected = ErpRejectedRecord.objects.filter(run=run, resolved_at__isnull=True)
            for row in rejected.order_by("pk")[:SHOW_REJECTED]:
                self.stderr.write(f"{row.position}: {row.reason}")
            if run.rejected > SHOW_REJECTED:
                self.stderr.write(f"... and {run.rejected - SHOW_REJECTED} more")
            raise CommandError(
                f"{run.rejected} record(s) rejected; they are kept and retried on the next run.",
                returncode=1,
            )
