"""Two counters at once on one family filing: one decision wins, the other is told; nothing is sent twice."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.services import family as fam
from db.models import AuditEntry, NumberCounter
from db.models_family import FamilyFiling
from db.models_outbox import OutboxMessage
from tests.db.races import ROUNDS, one_winner, race
from tests.db.test_family_filings import NOW, birth_input, rrn

pytestmark = pytest.mark.slow


def _count(ctx, model, *where) -> int:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return uow.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def test_processed_and_refused_of_one_filing_at_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    first, second = make_actor("clerk"), make_actor("clerk")
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, object]]:
        view = fam.file_filing(
            app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW
        )
        ids.append(view.id)
        return [
            {"filing_id": view.id, "outcome": "processed", "note": "", "key": str(uuid.uuid4())},
            {"filing_id": view.id, "outcome": "refused", "note": "출생증명서 미첨부", "key": str(uuid.uuid4())},
        ]

    for outcomes in race(app_ctx, [first, second], "tests.db.race_actions_family:decide", prepare):
        ok, refused = one_winner(outcomes)
        assert "이미" in refused[1] and "다른 창구에서 방금 처리했습니다" in refused[1], refused
        assert ok[1] in ("processed", "refused")
    with app_ctx.db.uow() as uow:
        statuses = uow.session.scalars(sa.select(FamilyFiling.status).where(FamilyFiling.id.in_(ids))).all()
    assert len(statuses) == ROUNDS and set(statuses) <= {"processed", "refused"}
    decisions = _count(app_ctx, AuditEntry, AuditEntry.action.in_(["family.processed", "family.refused"]))
    assert decisions == ROUNDS
    # One result SMS per filing, and it says what the filing's status says.
    with app_ctx.db.uow() as uow:
        rows = uow.session.execute(
            sa.select(OutboxMessage.record_id, OutboxMessage.body).where(OutboxMessage.record_type == fam.RECORD_TYPE)
        ).all()
        by_id = dict(uow.session.execute(sa.select(FamilyFiling.id, FamilyFiling.status)).all())
    assert sorted(int(r) for r, _ in rows) == sorted(ids)
    for record_id, body in rows:
        refused_sms = "불수리" in body
        assert refused_sms == (by_id[int(record_id)] == "refused"), body


def test_two_identical_saves_with_one_client_id_at_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    first, second = make_actor("clerk"), make_actor("clerk")
    filer = rrn("700101-1")

    def prepare(i: int) -> list[dict[str, object]]:
        kwargs = {"key": str(uuid.uuid4()), "deceased": rrn(f"4003{i + 1:02d}-2"), "filer": filer}
        return [kwargs, kwargs]

    numbers = []
    for outcomes in race(app_ctx, [first, second], "tests.db.race_actions_family:file_death", prepare):
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1], outcomes
        numbers.append(outcomes[0][1])
    assert len(set(numbers)) == ROUNDS
    assert _count(app_ctx, FamilyFiling) == ROUNDS
    assert _count(app_ctx, AuditEntry, AuditEntry.action == "family.file") == ROUNDS
    # No number was spent by a loser: the filings are numbered 1..ROUNDS with no gap.
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(1, ROUNDS + 1))
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(NumberCounter)) >= 1


def test_a_decision_and_its_retry_at_once_are_one_decision(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, object]]:
        view = fam.file_filing(
            app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW
        )
        ids.append(view.id)
        kwargs = {"filing_id": view.id, "outcome": "refused", "note": "출생증명서 미첨부", "key": str(uuid.uuid4())}
        return [kwargs, kwargs]

    for outcomes in race(app_ctx, [clerk, clerk], "tests.db.race_actions_family:decide", prepare):
        assert outcomes == [("ok", "refused"), ("ok", "refused")], outcomes
    assert _count(app_ctx, AuditEntry, AuditEntry.action == "family.refused") == ROUNDS
    assert _count(app_ctx, OutboxMessage, OutboxMessage.record_type == fam.RECORD_TYPE) == ROUNDS
