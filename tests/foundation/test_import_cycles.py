"""No import loop among the plugin's modules (issue 13 item 5, docs/architecture.md).

Every ``import`` counts, also one inside a function: a loop dodged by a late import is
still a loop between two modules that each need the other. The graph is read from the
source with ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "saleor_customer_center"
ROOT = "saleor_customer_center"


def module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def plugin_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The plugin's modules that ``name`` imports: ``from x import y`` names the module
    ``x.y`` when there is one, else ``x`` itself (a name taken from it)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in known else module)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = plugin_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_module_of_the_plugin_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_the_finder_reports_a_loop_and_leaves_a_chain_alone():
    # A check that cannot fail proves nothing.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"d"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_relative_imports_and_imports_inside_functions():
    graph = import_graph()
    # ``from .. import conf`` at module level, resolved to the module conf.
    assert "saleor_customer_center.conf" in graph["saleor_customer_center.erp.sync"]
    # ``from . import bulk``: the submodule, not the package.
    assert "saleor_customer_center.erp.bulk" in graph["saleor_customer_center.erp.sync"]
    # An import inside a function counts: AppConfig.ready imports the order-link receiver.
    assert "saleor_customer_center.services.order_links" in graph["saleor_customer_center.apps"]
