"""``manage.py customer_center_schedule``: create or update the plugin's periodic tasks.

One django-celery-beat ``PeriodicTask`` per record kind, named
``customer-center: ERP pull <kind>``, and the budget sweep that releases reservations of
checkouts that never became orders (every 5 minutes), and the daily pruning of processed
ERP push batches; running the command again updates them in place.
Beat must run with ``--scheduler django_celery_beat.schedulers:DatabaseScheduler``.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ...erp import records

TASK = "saleor_customer_center.tasks.erp_pull"
NAME = "customer-center: ERP pull {kind}"
SWEEP_TASK = "saleor_customer_center.tasks.release_stale_budget_reservations_task"
SWEEP_NAME = "customer-center: release stale budget reservations"
SWEEP_MINUTES = 5
PRUNE_TASK = "saleor_customer_center.tasks.erp_prune_push_receipts_task"
PRUNE_NAME = "customer-center: prune processed ERP push batches"


class Command(BaseCommand):
    help = "Create or update the periodic ERP pulls (one django-celery-beat task per kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes", type=int, default=15, help="Pull every N minutes (default 15)."
        )
        parser.add_argument("--kinds", nargs="+", choices=records.KINDS, default=records.KINDS)
        parser.add_argument("--disable", action="store_true", help="Switch the pulls off.")

    def handle(self, *args, minutes: int, kinds: list[str], disable: bool, **options) -> None:
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        with transaction.atomic():
            interval, _ = IntervalSchedule.objects.get_or_create(
                every=minutes, period=IntervalSchedule.MINUTES
            )
            for kind in kinds:
                task, created = PeriodicTask.objects.update_or_create(
                    name=NAME.format(kind=kind),
                    defaults={
                        "task": TASK,
                        "interval": interval,
                        "crontab": None,
                        "args": json.dumps([kind]),
                        "enabled": not disable,
                        "description": f"Pull ERP {kind} records (saleor-customer-center).",
                    },
                )
                state = "disabled" if disable else f"every {minutes} min"
                verb = "created" if created else "updated"
                self.stdout.write(f"{task.name}: {verb}, {state}")
            sweep_interval, _ = IntervalSchedule.objects.get_or_create(
                every=SWEEP_MINUTES, period=IntervalSchedule.MINUTES
            )
            sweep, created = PeriodicTask.objects.update_or_create(
                name=SWEEP_NAME,
                defaults={
                    "task": SWEEP_TASK,
                    "interval": sweep_interval,
                    "crontab": None,
                    "args": "[]",
                    "enabled": True,
                    "description": "Release budget reservations of abandoned checkouts.",
                },
            )
            verb = "created" if created else "updated"
            self.stdout.write(f"{sweep.name}: {verb}, every {SWEEP_MINUTES} min")
            daily, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.DAYS)
            prune, created = PeriodicTask.objects.update_or_create(
                name=PRUNE_NAME,
                defaults={
                    "task": PRUNE_TASK,
                    "interval": daily,
                    "crontab": None,
                    "args": "[]",
                    "enabled": True,
                    "description": "Delete processed ERP push batches after their retention.",
                },
            )
            verb = "created" if created else "updated"
            self.stdout.write(f"{prune.name}: {verb}, daily")
