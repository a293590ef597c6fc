"""factory_boy factories for the plugin's models, and Saleor's users and orders (Saleor's own
models; the catalog and channels come from ``tests/shop.py``)."""

from decimal import Decimal

import factory
from django.utils import timezone
from saleor.account.models import User
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine

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

from . import shop

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    customer_number = factory.Sequence(lambda n: f"C{10000 + n}")
    name = factory.Sequence(lambda n: f"Company {n} Ltd")
    uin = factory.Sequence(lambda n: f"UIN{n:06d}")
    vat_number = factory.Sequence(lambda n: f"EU{n:09d}")
    currency = "USD"
    customer_center_enabled = True
    admin_email = factory.LazyAttribute(lambda o: f"admin@{o.customer_number.lower()}.example.com")


class ErpContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErpContact

    company = factory.SubFactory(CompanyFactory)
    contact_number = factory.Sequence(lambda n: f"K{n:05d}")
    salutation = "Ms"
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = Role.L10_BASIC


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    status = OrderStatus.UNFULFILLED
    user = factory.SubFactory(UserFactory)
    user_email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
    channel = factory.LazyFunction(shop.channel)
    currency = "USD"
    total_net_amount = Decimal("100.00")
    total_gross_amount = Decimal("123.00")
    subtotal_net_amount = Decimal("100.00")
    subtotal_gross_amount = Decimal("123.00")
    undiscounted_total_net_amount = Decimal("100.00")
    undiscounted_total_gross_amount = Decimal("123.00")
    lines_count = 0


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product_name = factory.Sequence(lambda n: f"Product {n}")
    product_sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    quantity = 2
    is_shipping_required = True
    is_gift_card = False
    currency = "USD"
    unit_price_net_amount = Decimal("50.00")
    unit_price_gross_amount = Decimal("61.50")
    total_price_net_amount = Decimal("100.00")
    total_price_gross_amount = Decimal("123.00")


class CompanyOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyOrder

    order = factory.SubFactory(OrderFactory)
    company = factory.SubFactory(CompanyFactory)
    created_at = factory.LazyAttribute(lambda o: o.order.created_at)


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    company = factory.SubFactory(CompanyFactory)
    invoice_number = factory.Sequence(lambda n: f"INV-{n:06d}")
    issue_date = factory.LazyFunction(lambda: timezone.localdate())
    currency = "USD"
    gross_amount = Decimal("123.00")
    net_amount = Decimal("100.00")


class OpenItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpenItem

    company = factory.SubFactory(CompanyFactory)
    document_number = factory.Sequence(lambda n: f"OI-{n:06d}")
    due_date = factory.LazyFunction(lambda: timezone.localdate())
    currency = "USD"
    amount_due = Decimal("123.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    company = factory.SubFactory(CompanyFactory)
    payment_number = factory.Sequence(lambda n: f"PAY-{n:06d}")
    date = factory.LazyFunction(lambda: timezone.localdate())
    currency = "USD"
    amount = Decimal("123.00")
