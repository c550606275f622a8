"""Human numbers (receipt numbers, filing numbers) allocated inside the caller's transaction.

The counter row is incremented with a single ``UPDATE … RETURNING``: on PostgreSQL the row lock makes a
parallel counter wait for our commit; on SQLite the connection already holds the write lock
(BEGIN IMMEDIATE). A rolled-back transaction gives its number back, so there are no gaps, and a
committed number is never handed out again.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import NumberCounter


def next_number(session: Session, *, office_id: int, series: str, period: str) -> int:
    """The next number (1, 2, …) of ``series`` in ``period`` for the office; call inside a transaction."""
    dialect = session.get_bind().dialect.name
    values = {"office_id": office_id, "series": series, "period": period, "last": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(NumberCounter).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(NumberCounter).values(**values).on_conflict_do_nothing())
    else:  # pragma: no cover - only the two supported databases
        exists = session.get(NumberCounter, (office_id, series, period))
        if exists is None:
            session.execute(insert(NumberCounter).values(**values))
    result = session.execute(
        update(NumberCounter)
        .where(
            NumberCounter.office_id == office_id,
            NumberCounter.series == series,
            NumberCounter.period == period,
        )
        .values(last=NumberCounter.last + 1)
        .returning(NumberCounter.last)
    )
    return int(result.scalar_one())


def lock_series(session: Session, *, office_id: int, series: str, period: str) -> None:
    """Hold the counter row of ``series`` in ``period`` until the transaction ends, without taking a number.

    The day close takes the receipt counter of its day this way: a receipt of that day being issued at the
    same moment either committed before (and is in the totals) or waits and then sees the day closed.
    """
    dialect = session.get_bind().dialect.name
    values = {"office_id": office_id, "series": series, "period": period, "last": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(NumberCounter).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":  # BEGIN IMMEDIATE already holds the database's write lock
        session.execute(sqlite.insert(NumberCounter).values(**values).on_conflict_do_nothing())
        return
    session.execute(
        select(NumberCounter.last)
        .where(
            NumberCounter.office_id == office_id,
            NumberCounter.series == series,
            NumberCounter.period == period,
        )
        .with_for_update()
    )
