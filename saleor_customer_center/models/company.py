from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext_lazy as _

from ..roles import ROLE_CHOICES, Role
from .fields import currency_field


def search_text(*fields: str) -> Lower:
    """The lower-cased text a search matches: ``fields`` joined by spaces.

    The same expression is indexed (a pg_trgm GIN index, migration 0006) and searched
    (services/search.py), so ``LIKE '%term%'`` on it is answered from the index.
    """
    parts: list = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(name)
    return Lower(Concat(*parts, output_field=models.TextField()))


COMPANY_SEARCH_FIELDS = ("name", "customer_number", "uin", "vat_number")
CONTACT_SEARCH_FIELDS = ("first_name", "last_name", "email", "contact_number")


class Company(models.Model):
    """An ERP customer as the shop sees it."""

    customer_number = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    uin = models.CharField(_("company id"), max_length=64, blank=True, default="")
    vat_number = models.CharField(max_length=64, blank=True, default="")
    currency = currency_field(blank=True, default="")
    addresses = models.JSONField(default=list, blank=True)
    customer_center_enabled = models.BooleanField(default=False)
    admin_email = models.EmailField(blank=True, default="")
    # ERP's own active flag, and the operator's block: either one stops ordering/activation.
    is_active = models.BooleanField(default=True)
    is_blocked = models.BooleanField(default=False)
    blocked_reason = models.CharField(max_length=255, blank=True, default="")
    # The company's own rule: every order carries its purchase-order number (enforced at
    # Saleor's checkoutComplete, services/purchase_orders.py).
    # A database default too: the ERP sync writes companies with COPY (erp/bulk.py).
    po_number_required = models.BooleanField(default=False, db_default=False)
    # Keys of the ERP record this version does not know: kept, not rejected.
    erp_extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name_plural = "companies"
        indexes = [
            models.Index(Lower("name"), name="cc_company_name_lower_idx"),
            models.Index(fields=["name", "id"], name="cc_company_name_page_idx"),
            GinIndex(
                OpClass(search_text(*COMPANY_SEARCH_FIELDS), name="gin_trgm_ops"),
                name="cc_company_search_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_number})"

    @property
    def can_operate(self) -> bool:
        return self.is_active and not self.is_blocked


class ErpContact(models.Model):
    """A person the ERP lists for a company; may become a shop user (a Membership)."""

    company = models.ForeignKey(Company, related_name="contacts", on_delete=models.CASCADE)
    contact_number = models.CharField(max_length=64)
    salutation = models.CharField(max_length=32, blank=True, default="")
    first_name = models.CharField(max_length=256, blank=True, default="")
    last_name = models.CharField(max_length=256, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=64, blank=True, default="")
    is_main_contact = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    erp_extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("company", "contact_number")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "contact_number"], name="cc_contact_unique_number"
            )
        ]
        indexes = [
            models.Index(Lower("email"), name="cc_contact_email_lower_idx"),
            GinIndex(
                OpClass(search_text(*CONTACT_SEARCH_FIELDS), name="gin_trgm_ops"),
                name="cc_contact_search_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_number} {self.first_name} {self.last_name}".strip()


class Membership(models.Model):
    """A shop user's access to one company, with one role of the ladder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="company_memberships", on_delete=models.CASCADE
    )
    company = models.ForeignKey(Company, related_name="memberships", on_delete=models.CASCADE)
    role = models.PositiveSmallIntegerField(choices=ROLE_CHOICES, default=Role.L10_BASIC)
    salutation = models.CharField(max_length=32, blank=True, default="")
    is_active = models.BooleanField(default=True)
    # Rights given to one person beside the role (permissions.py, "Rights beside the role").
    may_approve_quotations = models.BooleanField(default=False, db_default=False)
    may_raise_requests = models.BooleanField(default=False, db_default=False)
    erp_contact = models.OneToOneField(
        ErpContact, related_name="member", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("company", "-role", "pk")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="cc_membership_unique_user"),
            models.UniqueConstraint(
                fields=["company"], condition=Q(role=Role.L90_OWNER), name="cc_one_owner"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in Role]), name="cc_membership_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.L90_OWNER) | Q(is_active=True),
                name="cc_owner_always_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.company_id} ({self.role})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class UserPreference(models.Model):
    """What a user chose: the current company (multi-company login) and grid columns."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        related_name="customer_center_preference",
        on_delete=models.CASCADE,
    )
    current_company = models.ForeignKey(
        Company, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    grid_columns = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
