"""One person, one applicant: two counters registering the same new person at once get one record, and a
database that already holds duplicates is merged with every reference kept."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services.demo import random_rrn
from db.models import Applicant, AuditEntry, Receipt
from tests.db.races import ROUNDS, race

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_two_counters_register_the_same_new_person(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    numbers = [random_rrn(rng) for _ in range(ROUNDS)]
    actors = [make_actor("clerk"), make_actor("clerk")]
    results = race(
        app_ctx,
        actors,
        "tests.db.race_actions:register",
        lambda i: [{"name": "김하나", "resident_number": numbers[i]}] * 2,
    )
    for outcomes in results:
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Applicant)) == ROUNDS
        creates = uow.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "applicant.create")
        )
    assert creates == ROUNDS


def _migration():  # type: ignore[no-untyped-def]
    path = ROOT / "db" / "migrations" / "versions" / "0008_one_applicant.py"
    spec = importlib.util.spec_from_file_location("one_applicant", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_existing_duplicates_are_merged_keeping_every_link(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import receipts

    clerk = make_actor("clerk")
    engine = app_ctx.db.engine
    with engine.begin() as conn:  # as a database from before the constraint
        conn.execute(sa.text("DROP INDEX ix_applicants_rrn_hmac"))
        conn.execute(sa.text("CREATE INDEX ix_applicants_rrn_hmac ON applicants (rrn_hmac)"))
    ids = []
    with engine.begin() as conn:
        for name in ("김둘", "김둘 (중복)", "김둘 (또 중복)"):
            result = conn.execute(
                sa.insert(Applicant).values(name=name, rrn_hmac="h" * 64, rrn_masked="900101-1******")
            )
            ids.append(result.inserted_primary_key[0])
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    for applicant_id in ids:
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", applicant_id=applicant_id)
    with engine.begin() as conn:
        assert _migration().merge_duplicate_applicants(conn) == 2
    with app_ctx.db.uow() as uow:
        left = uow.session.scalars(sa.select(Applicant.id).where(Applicant.rrn_hmac == "h" * 64)).all()
        linked = uow.session.scalars(sa.select(Receipt.applicant_id)).all()
    assert left == [min(ids)] and linked == [min(ids)] * 3
