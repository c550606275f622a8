"""복지 조회 services: who may look up, answers ordered and narrowed, and the print logged (only that)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.benefits import VERDICT_CHECK, VERDICT_ELIGIBLE, VERDICT_NOT_ELIGIBLE, Household, LifeEvent, Person
from app.domain.calendar import SEOUL
from app.services import benefits as svc
from app.services.actor import Actor
from app.services.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, Base

ON = date(2026, 11, 25)
THURSDAY_EVENING = datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)
THURSDAY_MORNING = datetime(2026, 11, 26, 10, 0, tzinfo=SEOUL)
RANK = {VERDICT_ELIGIBLE: 0, VERDICT_CHECK: 1, VERDICT_NOT_ELIGIBLE: 2}


def _actor(role: str) -> Actor:
    return Actor(1, f"{role}1", f"{role} 담당", role, 1, None, "창구-3")


def _third_child() -> Household:
    return Household(
        people=(
            Person("김첫째", date(2019, 5, 3), "자녀"),
            Person("김둘째", date(2022, 8, 30), "자녀"),
            Person("이엄마", date(1990, 1, 1), "모"),
        ),
        event=LifeEvent("출생", ON, birth_order=3),
    )


def _row_counts(ctx) -> dict[str, int]:
    with ctx.db.uow() as uow:
        return {
            table.name: uow.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


# --- look-up (pure: no database) ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["clerk", "guide", "supervisor"])
def test_every_counter_role_may_look_up(role: str) -> None:
    lookup = svc.lookup_benefits(_actor(role), _third_child(), on=ON, audience="전체")
    voucher = next(a for a in lookup.answers if a.code == "first_meeting_voucher")
    assert (voucher.verdict, voucher.amount) == (VERDICT_ELIGIBLE, 3_000_000)
    gift = next(a for a in lookup.answers if a.code == "staff_birth_gift")
    assert gift.verdict == VERDICT_NOT_ELIGIBLE  # 전체 does not make the mother staff; 직원 would


def test_admin_and_nobody_may_not_look_up() -> None:
    with pytest.raises(PermissionDenied, match="복지 조회"):
        svc.lookup_benefits(_actor("admin"), _third_child(), on=ON)
    with pytest.raises(PermissionDenied, match="로그인"):
        svc.lookup_benefits(None, _third_child(), on=ON)


def test_night_window_looks_up_only_while_open() -> None:
    night = _actor("night")
    assert svc.lookup_benefits(night, _third_child(), on=ON, now=THURSDAY_EVENING).answers
    with pytest.raises(PermissionDenied, match="야간"):
        svc.lookup_benefits(night, _third_child(), on=ON, now=THURSDAY_MORNING)


def test_staff_audience_finds_the_staff_birth_gift() -> None:
    lookup = svc.lookup_benefits(_actor("clerk"), _third_child(), on=ON, audience="직원", event_only=True)
    gift = next(a for a in lookup.answers if a.code == "staff_birth_gift")
    assert (gift.verdict, gift.amount) == (VERDICT_ELIGIBLE, 1_000_000)
    assert any("셋째" in reason for reason in gift.reasons)
    assert {a.audience for a in lookup.answers} == {"직원"}


def test_answers_are_ordered_by_verdict_then_catalog() -> None:
    lookup = svc.lookup_benefits(_actor("guide"), _third_child(), on=ON, audience="전체")
    ranks = [RANK[a.verdict] for a in lookup.answers]
    assert ranks == sorted(ranks)
    assert lookup.count(VERDICT_ELIGIBLE) >= 3 and lookup.count(VERDICT_NOT_ELIGIBLE) >= 1
    assert lookup.catalog_version and lookup.on == ON


@pytest.mark.parametrize(
    ("words", "event_only", "expected"),
    [
        ("동행 카드", False, {"youth_companion_card"}),
        ("급식", False, {"eco_school_meal"}),
        ("", True, {"first_meeting_voucher", "parent_benefit", "child_allowance", "home_care_allowance"}),
        ("첫만남", True, {"first_meeting_voucher"}),
        ("동행카드", True, set()),  # not a birth benefit
    ],
)
def test_words_and_event_narrow_the_answers(words: str, event_only: bool, expected: set[str]) -> None:
    lookup = svc.lookup_benefits(_actor("guide"), _third_child(), on=ON, words=words, event_only=event_only)
    codes = {a.code for a in lookup.answers}
    if event_only and not words:
        assert expected <= codes and "youth_companion_card" not in codes and "safe_inheritance" not in codes
    else:
        assert codes == expected


def test_bad_input_is_a_validation_error_in_korean() -> None:
    late = Household(people=(), event=LifeEvent("출생", date(2026, 12, 1), birth_order=1))
    with pytest.raises(ValidationError, match="조회일"):
        svc.lookup_benefits(_actor("clerk"), late, on=ON)
    with pytest.raises(ValidationError, match="조회 대상"):
        svc.lookup_benefits(_actor("clerk"), _third_child(), on=ON, audience="외국인")


def test_choices_come_from_the_catalog() -> None:
    choices = svc.choices()
    assert choices.audiences == ("주민", "직원", "전체")
    assert choices.flags == ("수급자", "한부모", "장애", "다자녀", "직원")
    assert choices.event_kinds == ("출생", "사망", "입학")
    assert "초등" in choices.school_levels


# --- printing (logged on both databases) ----------------------------------------------------------


def test_guide_prints_and_only_the_audit_entry_is_written(app_ctx, make_actor, tmp_path: Path) -> None:
    guide = make_actor("guide")
    before = _row_counts(app_ctx)
    path = tmp_path / "out" / "sheet.pdf"
    lookup = svc.print_benefit_sheet(
        app_ctx.db.uow(), guide, _third_child(), path, on=ON, audience="전체", event_only=True
    )
    after = _row_counts(app_ctx)
    # The one print path: the intent (benefit.print) and its completion (print.done), nothing else (the
    # access log's chain head, made with the log's first entry, is part of the log).
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    changed.pop("audit_chain", None)
    assert changed == {"audit_log": 2}
    with app_ctx.db.uow() as uow:
        entry = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "benefit.print")).one()
        done = uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "print.done")).one()
        assert entry.username == guide.username and entry.record_type == "benefit_sheet"
        assert entry.record_id == "sheet.pdf" and done.record_id == "sheet.pdf" and f"#{entry.id}" in done.detail
        for name in ("김첫째", "김둘째", "이엄마"):
            assert name in entry.detail
        assert "출생" in entry.detail and "전체" in entry.detail
        assert "2019" not in entry.detail and "1990" not in entry.detail  # no birth dates in the log
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "첫만남이용권" in text and app_ctx.office.name.split()[-1] in text.replace("\n", " ")
    assert lookup.count(VERDICT_ELIGIBLE) >= 1


def test_refused_or_bad_prints_write_nothing(app_ctx, make_actor, tmp_path: Path) -> None:
    admin, clerk = make_actor("admin"), make_actor("clerk")
    before = _row_counts(app_ctx)
    with pytest.raises(PermissionDenied):
        svc.print_benefit_sheet(app_ctx.db.uow(), admin, _third_child(), tmp_path / "a.pdf", on=ON)
    late = Household(people=(), event=LifeEvent("사망", date(2026, 12, 1)))
    with pytest.raises(ValidationError):
        svc.print_benefit_sheet(app_ctx.db.uow(), clerk, late, tmp_path / "b.pdf", on=ON)
    with pytest.raises(ValidationError, match="출력할 답"):
        svc.print_benefit_sheet(
            app_ctx.db.uow(), clerk, _third_child(), tmp_path / "c.pdf", on=ON, words="동행카드", event_only=True
        )
    assert _row_counts(app_ctx) == before
    assert not any((tmp_path / name).exists() for name in ("a.pdf", "b.pdf", "c.pdf"))
