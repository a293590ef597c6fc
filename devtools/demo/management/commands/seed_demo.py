"""``manage.py seed_demo``: the demo data set (``devtools/demo/seed.py``), idempotent."""

import os

from django.core.management.base import BaseCommand

from devtools.demo.seed import seed


class Command(BaseCommand):
    help = "Seed the customer center demo data (idempotent)."

    def handle(self, *args, **options):
        base_url = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000/").rstrip("/")
        seed(base_url, say=self.stdout.write)
