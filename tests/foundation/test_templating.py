"""The plugin renders with its own template engine: Saleor's template settings (no request
processor, a visible marker for missing variables under DEBUG) do not leak into its pages,
and a shop overrides any template from its own templates folder."""

from __future__ import annotations

import copy

import pytest

from saleor_customer_center.door import cookies

pytestmark = pytest.mark.django_db

SIGNIN = "/plugins/global/saleor.customer_center/signin/"


def test_a_shop_template_folder_overrides_a_plugin_template(
    client, plugin_configuration, settings, tmp_path
):
    folder = tmp_path / "saleor_customer_center" / "web"
    folder.mkdir(parents=True)
    (folder / "signin.html").write_text("<h1>Welcome to Hardware World</h1>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path), *templates[0]["DIRS"]]
    settings.TEMPLATES = templates

    response = client.get(SIGNIN)

    assert response.content.decode() == "<h1>Welcome to Hardware World</h1>"


def test_saleor_debug_marker_for_missing_variables_never_reaches_a_page(
    client, plugin_configuration, settings
):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = '<< MISSING VARIABLE "%s" >>'
    settings.TEMPLATES = templates  # as Saleor sets it when DEBUG is on

    client.cookies[cookies.NOTICE] = "password_set"  # as the set-password page leaves it
    response = client.get(SIGNIN)

    page = response.content.decode()
    assert "MISSING VARIABLE" not in page
    assert "Your password is set." in page  # the request reaches the template
