"""A demo never reaches a real person or a real database (issue 15, demo safety).

- Every phone number of the sample people is in 010-0000-xxxx, a block no subscriber is given.
- The demo database is marked as such, and a counter on it sends no SMS: nothing is written to the bulk-SMS
  spool, the messages are marked done.
- ``--demo`` without ``--db`` uses its own SQLite file next to (never instead of) the real database; on a
  database that holds real data it refuses; the demo accounts can be shown again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import main
from app.services import outbox
from app.services.demo import DEMO_USERS
from app.services.office import get_office
from app.settings import Settings, data_dir
from db.models import Applicant
from db.models_outbox import OutboxMessage

FICTIONAL = re.compile(r"010-0000-\d{4}")


def _settings(tmp_path: Path) -> Settings:
    return Settings(values={"key_file": str(tmp_path / "keys" / "rrn.key"), "terminal_code": "창구-3"})


def test_demo_start_refuses_a_database_with_real_data(sqlite_ctx, make_actor, capsys) -> None:  # type: ignore[no-untyped-def]
    make_actor("clerk")  # a real account: the database holds data and is no demo
    with pytest.raises(SystemExit, match="실제 자료"):
        main.run_demo(sqlite_ctx)
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Applicant)) == 0


def _check_no_sms_leaves(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = get_office(ctx.db.uow(), ctx.office.id)
    assert office.demo is True
    with ctx.db.uow() as uow:
        phones = [p for p in uow.session.scalars(sa.select(Applicant.phone)).all() if p]
        recipients = uow.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert len(phones) >= 50 and len(recipients) >= 20
    assert [p for p in phones if not FICTIONAL.fullmatch(p)] == []
    assert [r for r in recipients if not FICTIONAL.fullmatch(r.replace(" ", ""))] == []

    spool = tmp_path / "spool"
    settings = Settings(values={"sms_sender": "spool", "sms_spool_dir": str(spool)})
    sender = outbox.sender_from_settings(settings, demo=office.demo)
    assert isinstance(sender, outbox.NowhereSender)
    later = datetime.now(UTC) + timedelta(days=400)  # every message of the demo is due by then
    while outbox.deliver_pending(ctx.db, sender, now=later)["sent"]:
        pass
    assert not spool.exists() or list(spool.iterdir()) == []
    with ctx.db.uow() as uow:
        pending = uow.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.state == "pending")
        )
    assert pending == 0
    # The same settings on a real database do write the spool: the guard is the demo mark, not the settings.
    assert isinstance(outbox.sender_from_settings(settings), outbox.SpoolSender)


@pytest.mark.slow
def test_demo_uses_its_own_file_sends_nothing_and_shows_its_accounts_again(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import build_context

    settings = _settings(tmp_path)
    url, accounts = main.demo_paths()
    assert url.endswith("minwon-demo.sqlite") and str(data_dir()) in url
    assert url != settings.db_url  # never the real database
    ctx = main.run_demo(build_context(settings, db_url=url))
    try:
        assert ctx.office.demo is True
        _check_no_sms_leaves(ctx, tmp_path)
        first = capsys.readouterr().out
        assert all(username in first for username, _, _ in DEMO_USERS)
        assert accounts.stat().st_mode & 0o077 == 0  # the passwords file is the owner's only
        # Opening it again fills nothing and points to the accounts.
        again = main.run_demo(build_context(settings, db_url=url))
        again.db.dispose()
        assert "--demo-accounts" in capsys.readouterr().out
    finally:
        ctx.db.dispose()
    assert not Path(settings.db_url.removeprefix("sqlite:///")).exists()  # the real database was not made
    assert main.main(["--demo-accounts"]) == 0
    shown = capsys.readouterr().out
    for username, _, _ in DEMO_USERS:
        password = re.search(rf"{re.escape(username)}\s+(\S+)", first)
        assert password is not None and password.group(1) in shown
