"""The ERP sync is one part (issue 13 item 6): ``erp/`` and ``services/`` never import each
other, and only the adapter reaches Saleor."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "saleor_customer_center"


def imported_modules(path: Path) -> set[str]:
    """Absolute dotted names a module imports (relative imports resolved)."""
    parts = ["saleor_customer_center", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = parts[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules_under(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("erp", "saleor_customer_center.services"),
        ("services", "saleor_customer_center.erp"),
    ],
    ids=["erp_never_imports_services_case", "services_never_import_erp_case"],
)
def test_erp_and_services_do_not_import_each_other(folder, forbidden):
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[:2] == forbidden.split(".")
        )
        for path in modules_under(folder)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_erp_package_reaches_saleor_only_through_the_adapter():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "saleor"
        )
        for path in modules_under("erp")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_checker_sees_relative_imports():
    # A check that cannot fail proves nothing: the parser must resolve ``from ..services``.
    names = imported_modules(PACKAGE / "web" / "views_staff.py")
    assert "saleor_customer_center.services.staff" in names
    assert "saleor_customer_center.erp.health" in names
