"""Search through indexes and keyset paging (issue 16 items 1, 2 and 4).

- pg_trgm, created as Saleor creates it for its own trigram indexes (its product
  migration 0037 runs ``TrigramExtension()``; ``CREATE EXTENSION IF NOT EXISTS``, so a
  shop where Saleor already made it changes nothing), then GIN indexes on the search
  text of companies and ERP contacts (models/company.py ``search_text``).
- ``CompanyOrder.search_text``: what a company's order search matches, filled here from
  the lines of the orders already linked and kept current on every save of an order.
- Every list is paged by its sort key and the id: each index ends with ``id`` in the
  same direction, so the next page starts where the last one stopped.
- The sweep of stale budget reservations and the console's unresolved order links.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class TrigramExtensionKeptOnReverse(TrigramExtension):
    """``CREATE EXTENSION IF NOT EXISTS pg_trgm`` as Saleor's own migration does; undoing
    this migration leaves it, since Saleor's trigram indexes depend on it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def fill_order_search_text(apps, schema_editor):
    """The search text of every order linked before this migration, from its lines."""
    CompanyOrder = apps.get_model("saleor_customer_center", "CompanyOrder")
    OrderLine = apps.get_model("order", "OrderLine")
    links = CompanyOrder.objects.values_list("pk", "order_id").iterator(chunk_size=2000)
    batch: dict = {}
    for pk, order_id in links:
        batch[order_id] = pk
        if len(batch) >= 2000:
            _fill(CompanyOrder, OrderLine, batch)
            batch = {}
    if batch:
        _fill(CompanyOrder, OrderLine, batch)


def _fill(CompanyOrder, OrderLine, batch: dict) -> None:
    texts: dict = {}
    lines = OrderLine.objects.filter(order_id__in=list(batch)).order_by("order_id", "pk")
    for order_id, sku, name, variant in lines.values_list(
        "order_id", "product_sku", "product_name", "variant_name"
    ):
        texts.setdefault(order_id, []).append(" ".join(p for p in (sku, name, variant) if p))
    updates = [
        CompanyOrder(pk=batch[order_id], search_text=" ".join(parts).lower())
        for order_id, parts in texts.items()
    ]
    CompanyOrder.objects.bulk_update(updates, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0227_orderline_price_override_reason"),
        ("saleor_customer_center", "0007_quotes_member_rights_and_po_numbers"),
    ]

    operations = [
        TrigramExtensionKeptOnReverse(),
        migrations.RemoveIndex(
            model_name="auditentry",
            name="cc_audit_company_idx",
        ),
        migrations.RemoveIndex(
            model_name="companyorder",
            name="cc_order_company_idx",
        ),
        migrations.RemoveIndex(
            model_name="invoice",
            name="cc_invoice_company_idx",
        ),
        migrations.RemoveIndex(
            model_name="openitem",
            name="cc_open_item_due_idx",
        ),
        migrations.RemoveIndex(
            model_name="payment",
            name="cc_payment_company_idx",
        ),
        migrations.AddField(
            model_name="companyorder",
            name="search_text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                fields=["company", "-created_at", "-id"], name="cc_audit_company_page_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="budgetcharge",
            index=models.Index(
                condition=models.Q(("status", "reserved")),
                fields=["updated_at", "id"],
                name="cc_charge_reserved_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["name", "id"], name="cc_company_name_page_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Lower(
                        django.db.models.functions.text.Concat(
                            "name",
                            models.Value(" "),
                            "customer_number",
                            models.Value(" "),
                            "uin",
                            models.Value(" "),
                            "vat_number",
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="cc_company_search_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="companyorder",
            index=models.Index(
                fields=["company", "-created_at", "-id"], name="cc_order_company_page_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="companyrequest",
            index=models.Index(
                fields=["company", "-created_at", "-id"], name="cc_request_page_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="companyrequest",
            index=models.Index(
                condition=models.Q(("needs_shop", True)),
                fields=["status", "created_at", "id"],
                name="cc_request_shop_status_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="companyrequest",
            index=models.Index(
                condition=models.Q(("needs_shop", True)),
                fields=["created_at", "id"],
                name="cc_request_shop_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="erpcontact",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Lower(
                        django.db.models.functions.text.Concat(
                            "first_name",
                            models.Value(" "),
                            "last_name",
                            models.Value(" "),
                            "email",
                            models.Value(" "),
                            "contact_number",
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="cc_contact_search_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(
                fields=["company", "-issue_date", "-id"], name="cc_invoice_issued_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(fields=["company", "due_date", "id"], name="cc_invoice_due_idx"),
        ),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(
                fields=["company", "gross_amount", "id"], name="cc_invoice_amount_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="openitem",
            index=models.Index(
                fields=["company", "status", "due_date", "id"], name="cc_open_item_page_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="orderlinkfailure",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["-updated_at"],
                name="cc_link_failure_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["company", "-date", "-id"], name="cc_payment_page_idx"),
        ),
        migrations.RunPython(fill_order_search_text, migrations.RunPython.noop),
    ]
