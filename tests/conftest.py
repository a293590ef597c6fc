import pytest

from saleor_customer_center import saleor

from .factories import CompanyFactory, MembershipFactory, UserFactory

PLUGIN_URL = "/plugins/global/saleor.customer_center/"


@pytest.fixture
def plugin_configuration(db):
    """Store the plugin as active, with the given configuration values (Dashboard-style)."""

    def configure(active: bool = True, **values):
        saleor.save_plugin_configuration(active, values)

    configure()
    return configure


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def other_company(db):
    return CompanyFactory()


@pytest.fixture
def member_factory(db):
    def make(company, role, **kwargs):
        return MembershipFactory(company=company, role=role, **kwargs)

    return make


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, email="staff@example.com")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    return user
