"""Maintenance on a shared server (a migration over ten years of records, ANALYZE) runs without the counter's
limits: the server's statement_timeout is lifted and the client's watchdog (which closes a link whose reply is
late) leaves its statements alone; every other connection keeps both, and the maintenance connection is not
handed back to the pool with the limits lifted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from db.engine import NetworkLimits, analyze, make_engine, unbounded

SHORT = NetworkLimits(statement_s=1, reply_grace_s=1)


def test_a_maintenance_statement_outlives_the_counter_limits(pg_schema_url: str) -> None:
    engine = make_engine(pg_schema_url, limits=SHORT)
    try:
        with engine.connect() as conn:
            with pytest.raises(DBAPIError):  # a counter's statement is stopped at 1 s
                conn.execute(sa.text("SELECT pg_sleep(1.5)"))
        with engine.connect() as conn, unbounded(conn):
            # longer than statement_s + reply_grace_s: neither the server nor the watchdog cuts it
            conn.execute(sa.text("SELECT pg_sleep(2.5)"))
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "0"
        with engine.connect() as conn:  # the pool gives a connection with the limits again
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "1s"
            with pytest.raises(DBAPIError):
                conn.execute(sa.text("SELECT pg_sleep(1.5)"))
        analyze(engine)  # unbounded as well
        with engine.connect() as conn:
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "1s"
    finally:
        engine.dispose()


def test_on_sqlite_there_is_nothing_to_lift(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn, unbounded(conn):
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1
        analyze(engine)
    finally:
        engine.dispose()
