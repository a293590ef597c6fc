"""Branding (issue 14 item 20) and the users list's last sign-in (item 19)."""

from __future__ import annotations

import pytest
from django.core import mail

from saleor_customer_center import settings_store
from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import sign_in
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

BRAND = {
    "shop_name": "Hardware & Co",
    "logo_url": "https://cdn.example.com/logo.png",
    "primary_color": "#8a1c7c",
}


def _member(company, role):
    member = MembershipFactory(company=company, role=role)
    UserPreference.objects.create(user=member.user, current_company=company)
    return member


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("primary_color", "red;}</style><script>alert(1)</script>"),
        ("primary_color", "#12345"),
        ("logo_url", 'https://x.example/a.png" onerror="alert(1)'),
        ("logo_url", "javascript:alert(1)"),
    ],
)
def test_a_colour_or_logo_that_could_carry_script_is_refused_and_never_used(field, value):
    assert field in settings_store.PluginSettings.validate({field: value})
    read = settings_store.PluginSettings.from_configuration([{"name": field, "value": value}])
    assert getattr(read, field) == "" or getattr(read, field) != value


def test_every_page_shows_the_shops_name_logo_and_colour(client, plugin_configuration):
    plugin_configuration(**BRAND)
    member = _member(CompanyFactory(), Role.L90_OWNER)
    pages = PageClient(client).sign_in(member.user)

    for path in ["", "orders/", "billing/", "users/", "requests/", "profile/"]:
        html = pages.get(path).content.decode()
        assert "Hardware &amp; Co" in html, path
        assert 'src="https://cdn.example.com/logo.png"' in html, path
        assert "--brand:#8a1c7c" in html, path
    signin = client.get("/plugins/global/saleor.customer_center/signin/").content.decode()
    assert "Hardware &amp; Co" in signin and "--brand:#8a1c7c" in signin


def test_a_shop_template_overrides_the_plugins(client, plugin_configuration, settings, tmp_path):
    folder = tmp_path / "saleor_customer_center" / "web"
    folder.mkdir(parents=True)
    (folder / "_brand_mark.html").write_text('<span data-testid="shop-name">Our own header</span>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    member = _member(CompanyFactory(), Role.L10_BASIC)

    html = PageClient(client).sign_in(member.user).get("").content.decode()

    assert "Our own header" in html


def test_emails_carry_the_shops_name(plugin_configuration, django_capture_on_commit_callbacks):
    plugin_configuration(**BRAND)
    from saleor_customer_center import emails

    with django_capture_on_commit_callbacks(execute=True):
        emails.queue_email(
            "user_deactivated", ["x@example.com"], {"recipient_name": "X", "company_name": "C"}
        )

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "Hardware &amp; Co" in html and "Hardware & Co" in message.body
    assert 'src="https://cdn.example.com/logo.png"' in html and "#8a1c7c" in html


def test_page_sign_in_keeps_saleors_last_login_and_users_shows_it(client, plugin_configuration, rf):
    company = CompanyFactory()
    admin = _member(company, Role.L80_ADMIN)
    buyer = _member(company, Role.L20_ORDERS)
    buyer.user.set_password(PASSWORD)
    buyer.user.save()
    assert buyer.user.last_login is None

    request = rf.post("/signin/", REMOTE_ADDR="10.1.1.1")
    sign_in.sign_in(request, buyer.user.email, PASSWORD)
    buyer.user.refresh_from_db()

    html = PageClient(client).sign_in(admin.user).get("users/").content.decode()
    assert buyer.user.last_login is not None
    assert "Last sign-in" in html and "never" in html  # the admin never signed in by form
