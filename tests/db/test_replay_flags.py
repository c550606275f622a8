"""A save answered from its client id says so (``replayed``), so the screen can tell the clerk "이미 저장되어
있습니다" instead of reporting a second save; a fresh save never carries the flag (issue 11)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.services import certificates as certs
from app.services import passports as ps
from app.services import petitions as pets
from app.services import replay
from app.views.certificates import CertificateLine
from tests.db.races import race
from tests.db.test_passports import NOW, _advance_to_arrived, _form
from tests.db.test_petitions import MON, _take

REPLAY = "tests.db.race_actions_replay"


def _issue(ctx, actor, key):  # type: ignore[no-untyped-def]
    return certs.issue_certificates(
        ctx.db.uow(),
        actor,
        applicant_name="홍길동",
        lines=[CertificateLine("resident_copy", 1)],
        payment_method="현금",
        client_uuid=key,
    )


def test_a_replayed_save_is_flagged_and_a_fresh_one_is_not(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    first, again = _issue(app_ctx, clerk, key), _issue(app_ctx, clerk, key)
    assert not first.replayed and again.replayed and again.receipt.number == first.receipt.number
    assert not _issue(app_ctx, clerk, uuid.uuid4()).replayed

    petition_key = uuid.uuid4()
    taken = _take(app_ctx, clerk, client_uuid=petition_key)
    retaken = _take(app_ctx, clerk, client_uuid=petition_key)
    assert not taken.replayed and retaken.replayed and retaken.number == taken.number

    step = uuid.uuid4()
    started = pets.start_processing(app_ctx.db.uow(), clerk, petition_id=taken.id, client_uuid=step, now=MON)
    restarted = pets.start_processing(app_ctx.db.uow(), clerk, petition_id=taken.id, client_uuid=step, now=MON)
    assert not started.replayed and restarted.replayed and restarted.status == "processing"


def test_passport_replays_are_flagged(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    view = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    again = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), client_uuid=key, now=NOW)
    assert not view.replayed and again.replayed and again.receipt_number == view.receipt_number
    _advance_to_arrived(app_ctx, clerk, view.id, NOW)
    hand_over = uuid.uuid4()
    later = NOW + timedelta(hours=2)
    delivered = ps.deliver_passport(
        app_ctx.db.uow(), clerk, application_id=view.id, id_checked=True, client_uuid=hand_over, now=later
    )
    redelivered = ps.deliver_passport(
        app_ctx.db.uow(), clerk, application_id=view.id, id_checked=True, client_uuid=hand_over, now=later
    )
    assert not delivered.replayed and redelivered.replayed and redelivered.status == ps.DELIVERED


def test_answered_marks_only_views_with_the_flag() -> None:
    assert replay.answered(("a", 1)) == ("a", 1)
    assert replay.answered(None) is None


def test_two_counters_replaying_at_once_one_is_told_it_was_already_saved(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    actors = [make_actor("clerk"), make_actor("clerk")]
    for action in ("certificate_with_key", "petition_with_key"):
        keys = [str(uuid.uuid4()) for _ in range(10)]
        for outcomes in race(app_ctx, actors, f"{REPLAY}:{action}", lambda i: [{"key": keys[i]}] * 2, rounds=10):  # noqa: B023
            assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
            (first, first_flag), (second, second_flag) = (value for _, value in outcomes)
            assert first == second
            assert sorted([first_flag, second_flag]) == [False, True], outcomes
