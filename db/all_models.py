"""Import every model module so that Base.metadata knows all tables (for Alembic and tests)."""

from __future__ import annotations

import db.models  # noqa: F401
