"""Parallel counters never get the same receipt number: 8 processes issue receipts at once."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.models import Receipt

PROCESSES = 8
PER_PROCESS = 15


def _worker(url: str, key_file: str, actor_fields: tuple, start, out) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from app.domain.calendar import SEOUL
    from app.services.actor import Actor
    from app.services.receipts import LineInput, issue_receipt
    from db.engine import make_engine
    from db.pii import PiiCipher, load_or_create_key
    from db.uow import Database

    database = Database(make_engine(url), pii=PiiCipher(load_or_create_key(Path(key_file))))
    actor = Actor(*actor_fields)
    start.wait()
    numbers = []
    for _ in range(PER_PROCESS):
        view = issue_receipt(
            database.uow(),
            actor,
            payment_method="현금",
            lines=[LineInput("resident_copy", "주민등록표 등본", 1, 400)],
            now=datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL),
        )
        numbers.append(view.number)
    database.dispose()
    out.put(numbers)


@pytest.mark.slow
def test_parallel_counters_get_unique_gapless_numbers(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    key_file = app_ctx.settings.key_file
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out = ctx.Queue()
    fields = (
        clerk.user_id,
        clerk.username,
        clerk.display_name,
        clerk.role,
        clerk.office_id,
        clerk.terminal_id,
        clerk.terminal_code,
    )
    procs = [ctx.Process(target=_worker, args=(url, str(key_file), fields, start, out)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = [n for chunk in results for n in chunk]
    assert len(numbers) == PROCESSES * PER_PROCESS
    assert len(set(numbers)) == len(numbers), "duplicate receipt numbers"
    sequences = sorted(int(n.split("-")[1]) for n in numbers)
    assert sequences == list(range(1, PROCESSES * PER_PROCESS + 1)), "gap in receipt numbers"
    with app_ctx.db.uow() as uow:
        stored = uow.session.scalars(sa.select(Receipt.number)).all()
    assert sorted(stored) == sorted(numbers)
