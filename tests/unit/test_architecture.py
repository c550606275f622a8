"""The house rules of DESIGN.md that code review alone would miss."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["app", "db"])
def test_no_qt_outside_ui(package: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if any(name.split(".")[0] in ("PySide6", "shiboken6", "ui") for name in _imports(path))
    ]
    assert offenders == []


def test_domain_touches_no_database() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app" / "domain").rglob("*.py")
        if any(name.split(".")[0] in ("sqlalchemy", "db", "alembic", "psycopg") for name in _imports(path))
    ]
    assert offenders == []


def test_ui_never_imports_sqlalchemy_sessions() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ui").rglob("*.py")
        if any(name.startswith("sqlalchemy.orm") or name.startswith("db.models") for name in _imports(path))
    ]
    assert offenders == []


def test_the_architecture_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in _imports(bad)
