"""Passport intake checks of who applies and how the name is written: 로마자 성명 stored (the old passport's
spelling, or the standard romanisation when left empty), the applicant type checked against the age (a
baby cannot "apply in person"), and a resident number of someone over 120 taken with a warning."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.services import passports as ps
from app.services.errors import ServiceError, ValidationError
from db.models_passport import PassportApplication

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)
ADULT_RRN = "900101-1234568"
BABY_RRN = "260925-3000005"  # two months old on NOW


def _docs(rrn: str, *, in_person: bool = True, relation: str | None = None) -> tuple[str, ...]:
    from app.domain.identity import parse_resident_number

    parsed = parse_resident_number(rrn)
    situation = pp.ApplicantSituation(
        age=pp.age_at(parsed.birth_date, NOW),
        sex=parsed.sex,
        applying_in_person=in_person,
        proxy_relation=relation,
        birth_year=parsed.birth_date.year,
    )
    return tuple(i.key for i in pp.documents_to_check(pp.required_documents(situation, on=NOW)) if i.required)


def _form(**overrides: object) -> ps.ApplicationForm:
    values: dict[str, object] = {
        "name": "홍길동",
        "resident_number": ADULT_RRN,
        "kind": "복수",
        "validity_years": 10,
        "pages": 58,
        "photo_checked": True,
        "documents_checked": _docs(ADULT_RRN),
        "payment_method": "카드",
    }
    values.update(overrides)
    return ps.ApplicationForm(**values)  # type: ignore[arg-type]


def _stored_roman_name(app_ctx, application_id: int) -> str:  # type: ignore[no-untyped-def]
    query = sa.select(PassportApplication.roman_name).where(PassportApplication.id == application_id)
    with app_ctx.db.uow() as uow:
        return str(uow.session.scalar(query))


def test_the_standard_romanisation_is_taken_when_the_field_is_left_empty(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = ps.take_application(app_ctx.db.uow(), clerk, form=_form(), now=NOW)
    assert view.roman_name == "HONG GILDONG"
    assert _stored_roman_name(app_ctx, view.id) == "HONG GILDONG"


def test_the_old_passports_spelling_is_kept_in_capitals(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = ps.take_application(
        app_ctx.db.uow(), clerk, form=_form(name="이서연", roman_name="  yi  seo-yeon "), now=NOW
    )
    assert view.roman_name == "YI SEO-YEON"
    assert _stored_roman_name(app_ctx, view.id) == "YI SEO-YEON"


@pytest.mark.parametrize("typed", ["홍 길동", "HONGGILDONG", "HONG G1LDONG", "HONG, GILDONG"])
def test_a_roman_name_that_a_passport_cannot_carry_is_refused_on_its_field(app_ctx, make_actor, typed) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match="로마자 성명") as refused:
        ps.take_application(app_ctx.db.uow(), clerk, form=_form(roman_name=typed), now=NOW)
    assert refused.value.field == "roman_name"
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PassportApplication)) == 0


def test_a_two_month_old_cannot_apply_in_person(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ServiceError, match="만 0세는 본인이 직접 신청할 수 없습니다"):
        ps.take_application(
            app_ctx.db.uow(),
            clerk,
            form=_form(name="홍아기", resident_number=BABY_RRN, documents_checked=(), validity_years=5),
            now=NOW,
        )
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(PassportApplication)) == 0
    # through the legal representative it is taken
    docs = _docs(BABY_RRN, in_person=False, relation=pp.PROXY_LEGAL_REP)
    view = ps.take_application(
        app_ctx.db.uow(),
        clerk,
        form=_form(
            name="홍아기",
            resident_number=BABY_RRN,
            applying_in_person=False,
            proxy_relation=pp.PROXY_LEGAL_REP,
            proxy_name="홍길동",
            documents_checked=docs,
            validity_years=5,
        ),
        now=NOW,
    )
    assert view.age == 0 and not view.applying_in_person and view.roman_name == "HONG AGI"


def test_the_checklist_says_who_must_apply_for_a_child() -> None:
    baby = pp.ApplicantSituation(age=0, sex="M")
    with pytest.raises(pp.PassportRuleError, match="법정대리인 또는 2촌 이내 친족"):
        pp.required_documents(baby, on=NOW)
    assert pp.required_documents(pp.ApplicantSituation(age=16, sex="F"), on=NOW)  # a 16-year-old may, with ID


def test_a_resident_number_of_someone_over_120_is_taken_with_a_warning(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.widgets import ResidentNumberEdit

    create_application()
    edit = ResidentNumberEdit()
    qtbot.addWidget(edit)
    edit.edit.setText("000101-9000000")  # S = 9: a man born in 1800
    assert edit.parsed() is not None and edit.error() is None  # not refused
    hint = edit.hint.text()
    assert "1800년생" in hint and "확인하세요" in hint and "주의" in hint
    edit.edit.setText(ADULT_RRN)
    assert "1800" not in edit.hint.text() and "주의" not in edit.hint.text()
