"""Seed the demo data set; idempotent (a second run finds it and leaves it)."""

import os
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from saleor.account.models import User
from saleor.channel.models import Channel
from saleor.order.models import Fulfillment, Order, OrderLine
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)

from demo.data import DEMO_PASSWORD
from saleor_customer_center import saleor
from saleor_customer_center.models import (
    Company,
    CompanyOrder,
    ErpContact,
    Invoice,
    Membership,
    OpenItem,
    Payment,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets

PRODUCTS = [
    ("DRL-100", "Cordless drill 18V", Decimal("129.00")),
    ("SAW-220", "Circular saw", Decimal("189.00")),
    ("BIT-SET", "Drill bit set (50)", Decimal("24.50")),
    ("GLV-XL", "Work gloves XL (10 pairs)", Decimal("39.90")),
    ("LDR-3M", "Aluminium ladder 3 m", Decimal("149.00")),
]


class Command(BaseCommand):
    help = "Seed the customer center demo data (idempotent)."

    def handle(self, *args, **options):
        saleor.save_plugin_configuration(
            True,
            {
                "shop_name": "Demo Hardware Shop",
                "sender_email": "customer-center@shop.example",
                "new_orders_enabled": True,
                "erp_push_secret": "demo-push-secret",
                # The test host's stand-in for the storefront's checkout (demo only).
                "storefront_url": os.environ.get("DEMO_BASE_URL", "http://127.0.0.1:8000")
                + "/demo-storefront",
            },
        )
        if Company.objects.filter(customer_number="C10001").exists():
            self.stdout.write("Demo data already seeded.")
            return
        with transaction.atomic():
            self._seed()
        self.stdout.write(self.style.SUCCESS("Demo data seeded."))

    def _user(self, email, first, last, **extra):
        user = User(email=email, first_name=first, last_name=last, **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _seed(self):
        today = timezone.localdate()
        channel, _ = Channel.objects.get_or_create(
            slug="default-channel",
            defaults={"name": "Default channel", "currency_code": "USD", "is_active": True},
        )
        variants = []
        for sku, name, price in PRODUCTS:
            product = Product.objects.create(name=name, slug=sku.lower())
            ProductChannelListing.objects.create(
                product=product,
                channel=channel,
                currency="USD",
                is_published=True,
                available_for_purchase_at=timezone.now() - timedelta(days=1),
            )
            variant = ProductVariant.objects.create(sku=sku, name="", product=product)
            ProductVariantChannelListing.objects.create(
                variant=variant, channel=channel, currency="USD", price_amount=price
            )
            Stock.objects.create(product_variant=variant, quantity=500)
            variants.append((variant, price))

        staff = self._user("staff@shop.example", "Sam", "Operator", is_staff=True)
        staff.user_permissions.add(
            Permission.objects.get(codename="manage_users", content_type__app_label="account"),
            Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins"),
        )

        alpine = Company.objects.create(
            customer_number="C10001",
            name="Alpine Tools GmbH",
            uin="ATU-4711",
            vat_number="ATU12345678",
            currency="USD",
            customer_center_enabled=True,
            admin_email="owner@alpine.example",
            addresses=[
                {
                    "type": "billing",
                    "street": "Bergstrasse 1",
                    "city": "Innsbruck",
                    "postalCode": "6020",
                    "country": "AT",
                }
            ],
        )
        baltic = Company.objects.create(
            customer_number="C10002",
            name="Baltic Supplies Ltd",
            uin="LV-200",
            vat_number="LV40003",
            currency="USD",
            customer_center_enabled=True,
            admin_email="owner@baltic.example",
            addresses=[
                {
                    "type": "billing",
                    "street": "Brivibas iela 10",
                    "city": "Riga",
                    "postalCode": "1010",
                    "country": "LV",
                }
            ],
        )
        coastal = Company.objects.create(
            customer_number="C10003",
            name="Coastal Retail Inc",
            uin="US-300",
            vat_number="",
            currency="USD",
            customer_center_enabled=True,
            admin_email="main@coastal.example",
        )
        delta = Company.objects.create(
            customer_number="C10004",
            name="Delta Crafts",
            uin="US-400",
            currency="USD",
            customer_center_enabled=False,
            admin_email="main@delta.example",
        )

        roster = [
            ("owner@alpine.example", "Olivia", "Owner", Role.L90_OWNER, True),
            ("admin@alpine.example", "Adam", "Admin", Role.L80_ADMIN, False),
            ("billing@alpine.example", "Bella", "Billing", Role.L40_BILLING, False),
            ("buyer@alpine.example", "Ben", "Buyer", Role.L30_ORDERS_PRICES, False),
            ("orders@alpine.example", "Otto", "Orders", Role.L20_ORDERS, False),
            ("basic@alpine.example", "Bea", "Basic", Role.L10_BASIC, False),
        ]
        members = {}
        for number, (email, first, last, role, main) in enumerate(roster, start=1):
            contact = ErpContact.objects.create(
                company=alpine,
                contact_number=f"K1-{number:03d}",
                salutation="Mx",
                first_name=first,
                last_name=last,
                email=email,
                is_main_contact=main,
            )
            user = self._user(email, first, last)
            members[email] = Membership.objects.create(
                user=user, company=alpine, role=role, erp_contact=contact, salutation="Mx"
            )
        # ERP contacts that are not shop users yet (to add from the Users page).
        for number, (first, last) in enumerate(
            [("Carla", "Contact"), ("Dario", "Driver")], start=7
        ):
            ErpContact.objects.create(
                company=alpine,
                contact_number=f"K1-{number:03d}",
                salutation="Mx",
                first_name=first,
                last_name=last,
                email=f"{first.lower()}@alpine.example",
            )

        baltic_owner = self._user("owner@baltic.example", "Bruno", "Baltic")
        baltic_contact = ErpContact.objects.create(
            company=baltic,
            contact_number="K2-001",
            first_name="Bruno",
            last_name="Baltic",
            email="owner@baltic.example",
            is_main_contact=True,
        )
        Membership.objects.create(
            user=baltic_owner, company=baltic, role=Role.L90_OWNER, erp_contact=baltic_contact
        )
        Membership.objects.create(
            user=members["buyer@alpine.example"].user, company=baltic, role=Role.L80_ADMIN
        )

        for company, email in ((coastal, "main@coastal.example"), (delta, "main@delta.example")):
            ErpContact.objects.create(
                company=company,
                contact_number=f"K{company.customer_number[-1]}-001",
                first_name="Morgan",
                last_name="Main",
                email=email,
                is_main_contact=True,
            )
        Invoice.objects.create(
            company=coastal,
            invoice_number="INV-30001",
            issue_date=today - timedelta(days=20),
            due_date=today + timedelta(days=10),
            currency="USD",
            gross_amount=Decimal("480.00"),
        )
        Invoice.objects.create(
            company=delta,
            invoice_number="INV-40001",
            issue_date=today - timedelta(days=15),
            currency="USD",
            gross_amount=Decimal("99.00"),
            status="paid",
        )

        statuses = [
            "unfulfilled",
            "unconfirmed",
            "fulfilled",
            "canceled",
            "unfulfilled",
            "partially fulfilled",
            "fulfilled",
            "unfulfilled",
        ]
        # The buyer's budget is nearly spent by one order of this month (below); the
        # history is placed by the others.
        placers = ["orders@alpine.example", "admin@alpine.example", "billing@alpine.example"]
        for index, status in enumerate(statuses):
            membership = members[placers[index % len(placers)]]
            created = timezone.now() - timedelta(days=index * 9)
            chosen = [variants[index % len(variants)], variants[(index + 2) % len(variants)]]
            subtotal = sum(price * (index % 3 + 1) for _, price in chosen)
            order = Order.objects.create(
                status=status,
                user=membership.user,
                user_email=membership.user.email,
                channel=channel,
                currency="USD",
                created_at=created,
                subtotal_net_amount=subtotal,
                subtotal_gross_amount=subtotal * Decimal("1.2"),
                total_net_amount=subtotal,
                total_gross_amount=subtotal * Decimal("1.2"),
                undiscounted_total_net_amount=subtotal,
                undiscounted_total_gross_amount=subtotal * Decimal("1.2"),
                lines_count=len(chosen),
            )
            for variant, price in chosen:
                quantity = index % 3 + 1
                OrderLine.objects.create(
                    order=order,
                    variant=variant,
                    product_name=variant.product.name,
                    product_sku=variant.sku,
                    quantity=quantity,
                    currency="USD",
                    unit_price_net_amount=price,
                    unit_price_gross_amount=price * Decimal("1.2"),
                    total_price_net_amount=price * quantity,
                    total_price_gross_amount=price * quantity * Decimal("1.2"),
                )
            if status in ("fulfilled", "partially fulfilled"):
                Fulfillment.objects.create(order=order)
            CompanyOrder.objects.create(
                order=order,
                company=alpine,
                membership=membership,
                placed_by=membership.user,
                created_at=created,
            )

        for number in range(1, 7):
            issued = today - timedelta(days=number * 12)
            amount = Decimal(150 * number)
            status = "paid" if number > 3 else "open"
            Invoice.objects.create(
                company=alpine,
                invoice_number=f"INV-1000{number}",
                issue_date=issued,
                due_date=issued + timedelta(days=30),
                currency="USD",
                gross_amount=amount,
                net_amount=(amount / Decimal("1.2")).quantize(Decimal("0.01")),
                status=status,
            )
            if status == "open":
                OpenItem.objects.create(
                    company=alpine,
                    document_number=f"OI-1000{number}",
                    invoice_number=f"INV-1000{number}",
                    due_date=issued + timedelta(days=30),
                    currency="USD",
                    amount_due=amount,
                    original_amount=amount,
                )
            else:
                Payment.objects.create(
                    company=alpine,
                    payment_number=f"PAY-1000{number}",
                    date=issued + timedelta(days=20),
                    currency="USD",
                    amount=amount,
                    method="bank transfer",
                    invoice_numbers=[f"INV-1000{number}"],
                )

        buyer = members["buyer@alpine.example"]
        drill, _price = variants[0]
        spent_order = Order.objects.create(
            status="unfulfilled",
            user=buyer.user,
            user_email=buyer.user.email,
            channel=channel,
            currency="USD",
            created_at=timezone.now(),
            subtotal_net_amount=Decimal("950.00"),
            subtotal_gross_amount=Decimal("950.00"),
            total_net_amount=Decimal("950.00"),
            total_gross_amount=Decimal("950.00"),
            undiscounted_total_net_amount=Decimal("950.00"),
            undiscounted_total_gross_amount=Decimal("950.00"),
            lines_count=1,
        )
        OrderLine.objects.create(
            order=spent_order,
            variant=drill,
            product_name=drill.product.name,
            product_sku=drill.sku,
            quantity=10,
            currency="USD",
            unit_price_net_amount=Decimal("95.00"),
            unit_price_gross_amount=Decimal("95.00"),
            total_price_net_amount=Decimal("950.00"),
            total_price_gross_amount=Decimal("950.00"),
        )
        CompanyOrder.objects.create(
            order=spent_order,
            company=alpine,
            membership=buyer,
            placed_by=buyer.user,
            created_at=spent_order.created_at,
        )
        # 950 of 1,000 spent this month: one more drill (129.00) is refused at checkout.
        budgets.set_budget(
            buyer, Decimal("1000.00"), "USD", "monthly", start_date=today.replace(day=1)
        )
