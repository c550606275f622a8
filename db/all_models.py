"""Import every model module so that Base.metadata knows all tables (for Alembic and tests).

Features keep their tables in ``db/models_<feature>.py``; they are found here without a list to edit.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import db.models  # noqa: F401

for _module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
    if _module.name.startswith("models_"):
        importlib.import_module(f"db.{_module.name}")
