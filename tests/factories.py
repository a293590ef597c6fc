"""factory_boy factories for the plugin's models and the test host's Saleor stand-ins."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from saleor.account.models import User
from saleor.channel.models import Channel
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)

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


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = "Default channel"
    slug = "default-channel"
    currency_code = "USD"
    is_active = True


ON_SALE_SINCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant
        skip_postgeneration_save = True  # the price hook writes other rows, not the variant

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "Standard"
    product = factory.SubFactory("tests.factories.ProductFactory")

    @factory.post_generation
    def price(self, create, extracted, **kwargs):
        if not create:
            return
        channel = ChannelFactory()
        # Saleor sells a variant only when its product is published and purchasable there.
        ProductChannelListing.objects.get_or_create(
            product=self.product,
            channel=channel,
            defaults={
                "currency": channel.currency_code,
                "is_published": True,
                "available_for_purchase_at": ON_SALE_SINCE,
            },
        )
        ProductVariantChannelListing.objects.create(
            variant=self,
            channel=channel,
            currency=channel.currency_code,
            price_amount=extracted if extracted is not None else Decimal("10.00"),
        )
        Stock.objects.create(product_variant=self, quantity=1000)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    status = OrderStatus.UNFULFILLED
    user = factory.SubFactory(UserFactory)
    user_email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
    channel = factory.SubFactory(ChannelFactory)
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
