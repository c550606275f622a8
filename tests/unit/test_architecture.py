"""The house rules of docs/architecture.md, checked on the import graph of app/, db/, ui/ and main.py.

Every ``.py`` file is parsed with ``ast`` (nothing is imported); every ``import`` counts, at module level
or inside a function or an ``if TYPE_CHECKING:`` block. ``from a.b import c`` is an edge to ``a.b.c``
when that is a module, else to ``a.b``; relative imports are resolved. Each rule of docs/architecture.md
is one test below, and each failure lists the offending edges (file:line source -> target) or cycles.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.util
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("app", "db", "ui", "main")
EXCLUDED = ("db/migrations/versions",)
MAX_LINES = 700  # the guide: none much over 600
SIZE_CHECKED = ("ui/tabs", "app/services", "app/domain")


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.source} -> {self.target}"


@dataclass(frozen=True, slots=True)
class Rule:
    """Modules matching ``sources`` must not import ``forbidden``; with ``allowed``, no project module
    outside it; with ``stdlib_only``, nothing from outside the project but the standard library."""

    name: str
    sources: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    allowed: tuple[str, ...] | None = None
    stdlib_only: bool = False


RULES = (
    Rule("no Qt outside ui", ("app", "db"), forbidden=("PySide6", "shiboken6", "ui")),
    Rule(
        "views import only domain and the standard library",
        ("app.views",),
        allowed=("app.views", "app.domain", "app.i18n"),
        stdlib_only=True,
    ),
    Rule(
        "documents take views only",
        ("app.documents",),
        allowed=("app.documents", "app.views", "app.domain", "app.formatting", "app.resources", "app.i18n"),
    ),
    Rule("db imports nothing from app but domain helpers", ("db",), allowed=("db", "app.domain")),
    Rule(
        "domain touches no database and no outer layer",
        ("app.domain",),
        forbidden=("sqlalchemy", "alembic", "psycopg", "db", "app.services", "app.documents", "app.views"),
    ),
    Rule(
        "ui asks services: no documents, sessions or models",
        ("ui",),
        forbidden=("app.documents", "sqlalchemy.orm", "db.models", "db.models_*", "db.all_models"),
    ),
)


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") or fnmatch.fnmatchcase(name, p) for p in patterns)


def _top(name: str) -> str:
    return name.split(".")[0]


def collect_modules(
    root: Path, packages: Iterable[str] = ("app", "db", "ui"), files: Iterable[str] = ("main.py",)
) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the project."""
    paths = [p for package in packages for p in sorted((root / package).rglob("*.py"))]
    paths += [root / f for f in files if (root / f).exists()]
    modules: dict[str, Path] = {}
    for path in paths:
        relative = path.relative_to(root)
        if any(relative.as_posix().startswith(excluded + "/") for excluded in EXCLUDED):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


@cache
def _external_module(name: str) -> bool:
    """Whether ``name`` is a module of an installed package, found on disk without importing anything."""
    top, *rest = name.split(".")
    try:
        spec = importlib.util.find_spec(top)  # a top-level name is looked up, not imported
    except (ImportError, ValueError):
        return False
    if spec is None or not rest:
        return spec is not None
    for location in spec.submodule_search_locations or ():
        folder, leaf = Path(location).joinpath(*rest[:-1]), rest[-1]
        if (folder / leaf).is_dir() or (folder / f"{leaf}.py").exists() or any(folder.glob(f"{leaf}.*.so")):
            return True
    return False


def import_edges(root: Path, modules: dict[str, Path]) -> list[Edge]:
    edges = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        package = module if is_package else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        shown = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".") if package else []
                    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                    stem = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    stem = node.module or ""
                targets = []
                for alias in node.names:
                    candidate = f"{stem}.{alias.name}"
                    internal = _top(stem) in PROJECT
                    if alias.name != "*" and (candidate in modules if internal else _external_module(candidate)):
                        targets.append(candidate)
                    else:
                        targets.append(stem)
            else:
                continue
            for target in dict.fromkeys(targets):
                if target and target != module:
                    edges.append(Edge(module, target, shown, node.lineno))
    return edges


def rule_violations(rule: Rule, edges: Iterable[Edge]) -> list[Edge]:
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    offending = []
    for edge in edges:
        if not _matches(edge.source, rule.sources):
            continue
        internal = _top(edge.target) in PROJECT
        if (
            _matches(edge.target, rule.forbidden)
            or (rule.allowed is not None and internal and not _matches(edge.target, rule.allowed))
            or (rule.stdlib_only and not internal and _top(edge.target) not in stdlib)
        ):
            offending.append(edge)
    return offending


def import_cycles(modules: Iterable[str], edges: Iterable[Edge]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted, as a list."""
    nodes = set(modules)
    graph: dict[str, set[str]] = {n: set() for n in nodes}
    for edge in edges:
        if edge.target in nodes:
            graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so a long chain cannot hit the recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return sorted(found)


def describe_cycle(component: list[str], edges: Iterable[Edge]) -> str:
    members = set(component)
    inside = sorted({str(e) for e in edges if e.source in members and e.target in members})
    return " <-> ".join(component) + "\n      " + "\n      ".join(inside)


@pytest.fixture(scope="module")
def graph() -> tuple[dict[str, Path], list[Edge]]:
    modules = collect_modules(ROOT)
    return modules, import_edges(ROOT, modules)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_layer_rule(rule: Rule, graph: tuple[dict[str, Path], list[Edge]]) -> None:
    offending = rule_violations(rule, graph[1])
    if offending:
        pytest.fail(f"{rule.name} (docs/architecture.md):\n  " + "\n  ".join(map(str, offending)), pytrace=False)


def test_no_import_cycles(graph: tuple[dict[str, Path], list[Edge]]) -> None:
    modules, edges = graph
    cycles = import_cycles(modules, edges)
    if cycles:
        shown = "\n  ".join(describe_cycle(c, edges) for c in cycles)
        pytest.fail(f"import cycles (docs/architecture.md):\n  {shown}", pytrace=False)


def test_modules_stay_small() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for folder in SIZE_CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    too_big = [f"{path}: {lines} lines" for path, lines in sizes.items() if lines > MAX_LINES]
    if too_big:
        pytest.fail(f"modules over {MAX_LINES} lines (docs/architecture.md):\n  " + "\n  ".join(too_big), pytrace=False)


def test_the_checker_sees_violations_and_cycles(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/services/__init__.py": "",
        "app/services/receipts.py": "from app.documents import receipts\n",
        "app/services/office.py": "def f():\n    from ..domain import fees\n",
        "app/documents/__init__.py": "",
        "app/documents/receipts.py": "from app.services.office import x\nfrom reportlab.lib import colors\n",
        "app/domain/__init__.py": "",
        "app/domain/fees.py": "import app.services.receipts\n",
        "app/views/__init__.py": "",
        "app/views/office.py": "from . import __doc__\nimport sqlalchemy\n",
        "db/__init__.py": "",
        "db/uow.py": "from app.services import receipts\nfrom PySide6 import QtCore\n",
        "db/migrations/versions/0001.py": "from app.services import receipts\n",
        "ui/__init__.py": "",
        "ui/tab.py": "from sqlalchemy.orm import Session\nfrom db import models_family\n",
        "db/models_family.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = collect_modules(tmp_path)
    assert "db.migrations.versions.0001" not in modules
    edges = import_edges(tmp_path, modules)
    found = {rule.name: {(e.source, e.target) for e in rule_violations(rule, edges)} for rule in RULES}

    assert found["documents take views only"] == {("app.documents.receipts", "app.services.office")}
    assert found["db imports nothing from app but domain helpers"] == {("db.uow", "app.services.receipts")}
    assert found["no Qt outside ui"] == {("db.uow", "PySide6.QtCore")}
    assert found["domain touches no database and no outer layer"] == {("app.domain.fees", "app.services.receipts")}
    assert found["views import only domain and the standard library"] == {("app.views.office", "sqlalchemy")}
    assert found["ui asks services: no documents, sessions or models"] == {
        ("ui.tab", "sqlalchemy.orm"),
        ("ui.tab", "db.models_family"),
    }
    # receipts -> documents.receipts -> office -> (inside a function, relative) domain.fees -> receipts
    assert import_cycles(modules, edges) == [
        ["app.documents.receipts", "app.domain.fees", "app.services.office", "app.services.receipts"]
    ]


def test_the_checker_passes_a_clean_package(tmp_path: Path) -> None:
    for name, text in {
        "app/__init__.py": "",
        "app/services/__init__.py": "",
        "app/services/receipts.py": "from app.documents.receipts import render\nfrom db.uow import UnitOfWork\n",
        "app/documents/__init__.py": "",
        "app/documents/receipts.py": "from app.views.receipts import ReceiptView\nfrom app import formatting\n",
        "app/formatting.py": "",
        "app/views/__init__.py": "",
        "app/views/receipts.py": "from dataclasses import dataclass\nfrom app.domain import fees\n",
        "app/domain/__init__.py": "",
        "app/domain/fees.py": "import tomllib\n",
        "db/__init__.py": "",
        "db/uow.py": "import sqlalchemy\nfrom app.domain.fees import x\n",
        "ui/__init__.py": "",
        "ui/tab.py": "from PySide6.QtWidgets import QWidget\nfrom app.services import receipts\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = collect_modules(tmp_path)
    edges = import_edges(tmp_path, modules)
    assert ("app.documents.receipts", "app.formatting") in {(e.source, e.target) for e in edges}
    assert all(rule_violations(rule, edges) == [] for rule in RULES)
    assert import_cycles(modules, edges) == []
