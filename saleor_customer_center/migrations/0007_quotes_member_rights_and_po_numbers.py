"""Quotes and quotations (issue 15 items 1-3), rights beside the role (item 4), purchase-order
numbers (item 5)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("saleor_customer_center", "0006_tools_member_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="po_number_required",
            field=models.BooleanField(default=False, db_default=False),
        ),
        migrations.AddField(
            model_name="companyorder",
            name="po_number",
            field=models.CharField(blank=True, default="", db_default="", max_length=64),
        ),
        migrations.AddField(
            model_name="membership",
            name="may_approve_quotations",
            field=models.BooleanField(default=False, db_default=False),
        ),
        migrations.AddField(
            model_name="membership",
            name="may_raise_requests",
            field=models.BooleanField(default=False, db_default=False),
        ),
        migrations.CreateModel(
            name="Quotation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField()),
                ("valid_until", models.DateField()),
                ("message", models.TextField(blank=True, default="")),
                (
                    "discount_percent",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
                ),
                ("currency", models.CharField(max_length=3)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="account.user",
                    ),
                ),
            ],
            options={
                "ordering": ("quote", "version"),
            },
        ),
        migrations.CreateModel(
            name="QuotationLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField()),
                ("sku", models.CharField(max_length=255)),
                ("product_name", models.CharField(blank=True, default="", max_length=386)),
                ("quantity", models.PositiveIntegerField()),
                (
                    "list_price",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=12, null=True),
                ),
                ("unit_price", models.DecimalField(decimal_places=3, max_digits=12)),
                (
                    "quotation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="saleor_customer_center.quotation",
                    ),
                ),
            ],
            options={
                "ordering": ("quotation", "position"),
            },
        ),
        migrations.CreateModel(
            name="Quote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("channel_slug", models.CharField(max_length=255)),
                ("note", models.TextField(blank=True, default="")),
                ("wanted_by", models.DateField(blank=True, null=True)),
                ("po_number", models.CharField(blank=True, default="", max_length=64)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("requested", "Waiting for the shop"),
                            ("quoted", "Quotation received"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("rejected", "Rejected by the shop"),
                        ],
                        default="requested",
                        max_length=16,
                    ),
                ),
                ("accepted_version", models.PositiveIntegerField(blank=True, null=True)),
                ("checkout_token", models.CharField(blank=True, default="", max_length=36)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decline_reason", models.TextField(blank=True, default="")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotes",
                        to="saleor_customer_center.company",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="account.user",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="quotes",
                        to="saleor_customer_center.membership",
                    ),
                ),
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quote",
                        to="saleor_customer_center.companyrequest",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="account.user",
                    ),
                ),
            ],
            options={
                "ordering": ("-created_at", "-pk"),
            },
        ),
        migrations.AddField(
            model_name="quotation",
            name="quote",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quotations",
                to="saleor_customer_center.quote",
            ),
        ),
        migrations.AddField(
            model_name="companyorder",
            name="quote",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="order_links",
                to="saleor_customer_center.quote",
            ),
        ),
        migrations.CreateModel(
            name="QuoteLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField()),
                ("sku", models.CharField(max_length=255)),
                ("product_name", models.CharField(blank=True, default="", max_length=386)),
                ("quantity", models.PositiveIntegerField()),
                (
                    "quote",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="saleor_customer_center.quote",
                    ),
                ),
            ],
            options={
                "ordering": ("quote", "position"),
            },
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["company", "-created_at"], name="cc_quote_company_idx"),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["requested", "quoted", "accepted", "declined", "rejected"])
                ),
                name="cc_quote_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="quotation",
            constraint=models.UniqueConstraint(
                fields=("quote", "version"), name="cc_quotation_version"
            ),
        ),
    ]
