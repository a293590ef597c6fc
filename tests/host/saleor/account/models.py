from uuid import uuid4

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import get_random_string

from ..core.models import ModelWithExternalReference, ModelWithMetadata


class Address(models.Model):
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)
    phone = models.CharField(max_length=128, blank=True, default="")


class CustomerType(models.Model):
    name = models.CharField(max_length=250)


class UserManager(BaseUserManager["User"]):
    # Saleor's manager has no create_user: users are built with User(...) and save().
    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


def _jwt_token_key() -> str:
    return get_random_string(length=12)


class User(PermissionsMixin, ModelWithMetadata, AbstractBaseUser, ModelWithExternalReference):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    addresses = models.ManyToManyField(Address, blank=True, related_name="user_addresses")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_confirmed = models.BooleanField(default=True)
    last_confirm_email_request = models.DateTimeField(null=True, blank=True)
    note = models.TextField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    last_password_reset_request = models.DateTimeField(null=True, blank=True)
    default_shipping_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    default_billing_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    jwt_token_key = models.CharField(max_length=12, default=_jwt_token_key)
    language_code = models.CharField(max_length=35, default="en")
    uuid = models.UUIDField(default=uuid4, unique=True)
    number_of_orders = models.PositiveIntegerField(default=0)
    customer_type = models.ForeignKey(
        CustomerType, null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )

    USERNAME_FIELD = "email"

    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = (
            ("manage_users", "Manage customers."),
            ("manage_staff", "Manage staff."),
        )
        indexes = [models.Index(Upper("email"), name="user_email_upper_idx")]

    def __str__(self):
        return str(self.uuid)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email
