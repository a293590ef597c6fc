"""Browser tests: Playwright drives Debian's headless Chromium against a live server.

Screenshots of every page a test visits are written to test-artifacts/screenshots/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from saleor_customer_center import saleor
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, which Django must be told to allow.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PLUGIN_PATH = "/plugins/global/saleor.customer_center/"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/web/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The plugin active in the database, and the base URL of its pages."""
    saleor.save_plugin_configuration(True, {"shop_name": "Test Shop"})
    return live_server.url + PLUGIN_PATH


@pytest.fixture
def shot(page):
    """Take a screenshot of the current page under a readable name."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^a-z0-9_-]+", "-", name.lower()) + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page, site):
    def do(email: str, password: str = PASSWORD):
        page.goto(site + "signin/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return do
