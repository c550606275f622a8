"""Counters that start at the same moment against an empty PostgreSQL database migrate it once, all of them
without an error (the upgrade runs under an advisory lock)."""

from __future__ import annotations

import multiprocessing as mp
import uuid

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from db.engine import alembic_config, current_revisions, make_engine
from tests.conftest import PG_URL, require_pg
from tests.db.race_actions import migrate_url

pytestmark = [pytest.mark.pg, pytest.mark.slow]


def test_six_counters_start_at_once() -> None:
    require_pg()
    schema = f"m_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        procs = [ctx.Process(target=migrate_url, args=(url, out)) for _ in range(6)]
        for p in procs:
            p.start()
        results = [out.get(timeout=180) for _ in procs]
        for p in procs:
            p.join(60)
        assert results == ["ok"] * 6
        engine = make_engine(url)
        heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
        assert current_revisions(engine) == heads
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
