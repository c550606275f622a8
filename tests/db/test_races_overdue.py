"""Two supervisors running the overdue check at the same moment (two processes released together, on SQLite and
PostgreSQL): the day's notice is registered and numbered once, the other supervisor is answered with it (printed
again, 재출력); nothing is sent or logged twice (issue 11, issue 13)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from db.models import AuditEntry
from db.models_petitions import PetitionNotice
from tests.db.races import ROUNDS, race
from tests.db.test_overdue import _take

pytestmark = pytest.mark.slow
MON = datetime(2026, 11, 23, 11, 0, tzinfo=SEOUL)


def test_two_overdue_checks_at_once_send_each_notice_once(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    late = _take(app_ctx, clerk, "use_approval", now=MON - timedelta(days=14))  # 건축과, overdue every day
    supervisors = [make_actor("supervisor"), make_actor("supervisor")]

    def prepare(i: int) -> list[dict[str, str]]:
        now = (MON + timedelta(days=i)).isoformat()  # a new day each round: a new notice to register
        return [{"now": now, "folder": str(tmp_path)}] * 2

    for outcomes in race(app_ctx, supervisors, "tests.db.race_actions_overdue:check", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        (first,), (second,) = (value for _, value in outcomes)
        assert first[:2] == second[:2]  # the same notice: same number, same department
        assert sorted([first[2], second[2]]) == [False, True], outcomes  # one registered it, one reprinted it
        assert first[3] and second[3]  # both supervisors have the page
    with app_ctx.db.uow() as uow:
        notices = uow.session.execute(
            sa.select(PetitionNotice.number, PetitionNotice.day, PetitionNotice.department).order_by(PetitionNotice.id)
        ).all()
        sends = uow.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "notice.send")
        )
        prints = uow.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "print.done")
        )
    assert len(notices) == ROUNDS and sends == ROUNDS and prints == 2 * ROUNDS
    assert sorted(int(n.rsplit("-", 1)[1]) for n, _, _ in notices) == list(range(1, ROUNDS + 1))
    assert sorted(d for _, d, _ in notices) == [(MON + timedelta(days=i)).date() for i in range(ROUNDS)]
    assert {dept for _, _, dept in notices} == {late.department}
