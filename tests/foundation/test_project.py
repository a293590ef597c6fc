"""Project-level guarantees: migrations in step with models, checks, packaging."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
# What lives in a working copy but is not the source (installs, caches, earlier builds).
NOT_SOURCE = (".git", ".saleor", ".venv", ".cache", ".demo", "build", "dist", "*.egg-info")
NOT_SOURCE += ("__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis")
NOT_SOURCE += ("test-artifacts",)


@pytest.mark.django_db
def test_migrations_are_in_step_with_models():
    call_command("makemigrations", "saleor_customer_center", "--check", "--dry-run", verbosity=0)


def test_system_checks_pass():
    call_command("check", "--fail-level", "WARNING")


def test_no_email_backend_is_a_startup_warning(settings):
    # Saleor 3.24 without EMAIL_URL: EMAIL_BACKEND == "" (seen on a real Saleor; sending fails)
    from django.core import checks

    settings.EMAIL_BACKEND = ""

    assert "customer_center.W002" in [message.id for message in checks.run_checks()]


def test_unknown_installer_setting_is_a_startup_error_not_a_request_error(settings, client):
    # given: a typo in the installer's CUSTOMER_CENTER dict
    from django.core import checks

    from saleor_customer_center import conf

    settings.CUSTOMER_CENTER = {"ACTIVATION_MAX_ATEMPTS": 3, "PREVIEW_MINUTES": 10}

    # then: start-up says so, with the key, and the known keys keep working
    errors = [m for m in checks.run_checks() if m.id == "customer_center.E003"]
    assert [m.msg for m in errors] == [
        "Unknown keys in settings.CUSTOMER_CENTER: ACTIVATION_MAX_ATEMPTS."
    ]
    assert conf.get("PREVIEW_MINUTES") == 10


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the source: setuptools writes ``build/`` into the tree it builds,
    and a stale or concurrent one there (an earlier build killed midway) fails the build."""
    source = tmp_path_factory.mktemp("source") / "tree"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
    )
    return next(out.glob("saleor_customer_center-*.whl"))


def test_wheel_ships_migrations_and_templates_and_no_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "saleor_customer_center/migrations/0001_initial.py" in names
    assert any(
        n.startswith("saleor_customer_center/templates/saleor_customer_center/emails/")
        for n in names
    )
    assert "saleor_customer_center/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "saleor/", "devtools/", "benchmarks/"))]


def test_wheel_declares_the_saleor_entry_point(wheel):
    archive = zipfile.ZipFile(wheel)
    entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    text = archive.read(entry_points).decode()
    assert "[saleor.plugins]" in text
    assert "saleor_customer_center = saleor_customer_center.plugin:CustomerCenterPlugin" in text


def test_wheel_installs_into_a_clean_venv_and_exposes_the_entry_point(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    found = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib.metadata import entry_points;"
            "print([f'{e.name}={e.value}' for e in entry_points(group='saleor.plugins')])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "saleor_customer_center=saleor_customer_center.plugin:CustomerCenterPlugin" in found


@pytest.mark.parametrize("saleor_version", ["3.24", "3.23"])
def test_wheel_resolves_within_saleor_pins(wheel, saleor_version):
    """Every dependency of the wheel resolves at the exact version Saleor 3.24 and 3.23
    lock (a constraint pip may not move), so installing the plugin moves no pin."""
    constraints = ROOT / "requirements" / f"saleor-{saleor_version}-constraints.txt"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "-q",
            "--report",
            "-",
            "-c",
            str(constraints),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    import json

    pins = {}
    for line in constraints.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.split(";")[0].strip()
    chosen = {
        item["metadata"]["name"].lower().replace("_", "-"): item["metadata"]["version"]
        for item in json.loads(result.stdout)["install"]
    }
    moved = {
        name: (pins[name], version)
        for name, version in chosen.items()
        if name in pins and pins[name] != version
    }
    assert moved == {}
    assert chosen["django"].startswith("5.2.")
    assert chosen["graphene-django"].startswith("2.")


def test_migrations_depend_only_on_what_saleor_323_and_324_both_have():
    """Saleor 3.23.28 lacks 3.24's newer migrations (README, Installing): a dependency on
    one of them (account 0106 was) stops `migrate` there."""
    from django.db.migrations.loader import MigrationLoader

    shared = {("order", "0227_orderline_price_override_reason"), ("account", "__first__")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    outside = {
        dependency
        for (app, _), migration in loader.disk_migrations.items()
        if app == "saleor_customer_center"
        for dependency in migration.dependencies
        if dependency[0] != "saleor_customer_center"
    }
    assert outside <= shared, outside - shared
