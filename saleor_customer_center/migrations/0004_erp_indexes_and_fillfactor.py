"""Indexes for every filter and sort the ERP sync and the console issue on the ERP tables
(issue 16 item 4), and free room in the pages of the tables the sync updates (issue 16 item
5): with a fillfactor of 50 an update that changes no indexed column stays on its page (a
HOT update) and writes no index entry; README "ERP sync", Speed, shows the measurement.
Existing rows keep their pages until the table is rewritten; new pages get the room.
"""

import django.db.models.fields.json
from django.db import migrations, models

# The tables the ERP sync merges into.
ERP_TABLES = (
    "saleor_customer_center_company",
    "saleor_customer_center_erpcontact",
    "saleor_customer_center_invoice",
    "saleor_customer_center_openitem",
    "saleor_customer_center_payment",
)
FILLFACTOR = 50
REJECTED = "saleor_customer_center_erprejectedrecord"


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_customer_center", "0003_budget_charge_per_order"),
    ]

    operations = (
        [
            migrations.RemoveIndex(
                model_name="erprejectedrecord",
                name="cc_rejected_kind_idx",
            ),
            migrations.RemoveIndex(
                model_name="erpsyncrun",
                name="cc_sync_run_kind_idx",
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(
                    condition=models.Q(("resolved_at__isnull", True)),
                    fields=["-created_at", "-id"],
                    name="cc_rejected_open_idx",
                ),
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(
                    condition=models.Q(("resolved_at__isnull", True)),
                    fields=["kind", "-created_at", "-id"],
                    name="cc_rejected_kind_open_idx",
                ),
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(fields=["-created_at", "-id"], name="cc_rejected_created_idx"),
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(
                    fields=["kind", "-created_at", "-id"], name="cc_rejected_kind_idx"
                ),
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(
                    condition=models.Q(("resolved_at__isnull", True)),
                    fields=["kind", "key"],
                    name="cc_rejected_key_idx",
                ),
            ),
            migrations.AddIndex(
                model_name="erprejectedrecord",
                index=models.Index(
                    condition=models.Q(("resolved_at__isnull", True)),
                    fields=["kind", "id"],
                    name="cc_rejected_retry_idx",
                ),
            ),
            migrations.AddIndex(
                model_name="erpsyncrun",
                index=models.Index(fields=["-started_at", "-id"], name="cc_sync_run_started_idx"),
            ),
            migrations.AddIndex(
                model_name="erpsyncrun",
                index=models.Index(
                    fields=["kind", "-started_at", "-id"], name="cc_sync_run_kind_idx"
                ),
            ),
            migrations.AddIndex(
                model_name="erpsyncrun",
                index=models.Index(
                    models.F("kind"),
                    models.F("source"),
                    django.db.models.fields.json.KeyTransform("feed", "checkpoint"),
                    models.OrderBy(models.F("started_at"), descending=True),
                    models.OrderBy(models.F("id"), descending=True),
                    name="cc_sync_run_feed_idx",
                ),
            ),
        ]
        + [
            # Which kinds have waiting records is not what the two columns' statistics apart
            # suggest (one kind may have none while another has 100,000): with these the
            # planner picks the kind's own index, and a kind's list stays flat (README, ERP sync).
            migrations.RunSQL(
                f"CREATE STATISTICS cc_rejected_kind_waiting (mcv) ON kind, resolved_at FROM {REJECTED}",
                reverse_sql="DROP STATISTICS cc_rejected_kind_waiting",
            ),
        ]
        + [
            migrations.RunSQL(
                f"ALTER TABLE {table} SET (fillfactor = {FILLFACTOR})",
                reverse_sql=f"ALTER TABLE {table} RESET (fillfactor)",
            )
            for table in ERP_TABLES
        ]
    )
