"""A full demo database: no resident number in plain text anywhere in the raw database, and the access log
shows what every demo user did."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services import audit
from app.services.actor import Actor
from app.services.demo import DEMO_USERS, fill_demo
from db.models import Applicant
from tests.db import number_scan


def _raw_text(ctx) -> str:  # type: ignore[no-untyped-def]
    engine = ctx.db.engine
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        chunks = [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()]
        return b"".join(chunks).decode("latin-1")
    with engine.connect() as conn:
        tables = (
            conn.execute(
                sa.text("select table_name from information_schema.tables where table_schema = current_schema()")
            )
            .scalars()
            .all()
        )
        return "\n".join(
            str(row) for t in tables for row in conn.execute(sa.text(f'select row_to_json(x) from "{t}" x')).scalars()
        )


@pytest.mark.slow
def test_demo_database_holds_no_resident_number_in_any_form(app_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = fill_demo(app_ctx.db, office_id=app_ctx.office.id, terminal_id=app_ctx.terminal.id, terminal_code="창구-3")
    with app_ctx.db.uow() as uow:
        ciphers = uow.session.scalars(sa.select(Applicant.rrn_cipher).where(Applicant.rrn_cipher.is_not(None))).all()
        numbers = [app_ctx.db.pii.decrypt(c) for c in ciphers]
    assert len(numbers) >= 50
    raw = _raw_text(app_ctx)
    # The whole number in either spelling; the back half alone (7 digits) can occur by chance in other data.
    leaked = [n for n in numbers if n in raw or f"{n[:6]}-{n[6:]}" in raw]
    assert leaked == []
    # And in any spelling (full-width, dashes, dots, spaces between digits) in any text or JSON column, the
    # database's bytes (file and WAL, or a data-only dump) and the log: the scan of tests/db/number_scan.py.
    found, values = number_scan.scan_columns(app_ctx.db.engine, numbers)
    assert values > 1000 and found == []
    assert number_scan.leaks("database bytes", number_scan.database_bytes(app_ctx.db.engine, tmp_path), numbers) == []
    logs = list((tmp_path / "data").rglob("*.log*"))
    assert number_scan.scan_files(logs, numbers) == []
    assert run.counts["receipts"] > 100

    boss = run.actors["jung.super"]
    for username, _, _ in DEMO_USERS:
        rows = audit.search(
            app_ctx.db.uow(), boss, start=run.today.replace(year=run.today.year - 1), end=run.today, username=username
        )
        assert any(r.action == "signin" for r in rows), username
    clerk_rows = audit.search(
        app_ctx.db.uow(),
        boss,
        start=run.today.replace(year=run.today.year - 1),
        end=run.today,
        username="kim.clerk",
        action="receipt.issue",
    )
    assert clerk_rows and isinstance(boss, Actor)
