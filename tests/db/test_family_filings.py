"""Family-registration filings on both databases: numbering, replay, refusal, fines, status, SMS, guidance."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL
from app.domain.identity import check_digit
from app.services import family as fam
from app.services import outbox
from app.services.errors import PermissionDenied, RuleViolation, ServiceError, ValidationError
from db.models import Applicant, AuditEntry, NumberCounter, Receipt, utcnow
from db.models_family import FamilyFiling
from db.models_outbox import OutboxMessage
from tests.db.test_outbox import FlakySender

P = fam.PersonInput
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=SEOUL)


def rrn(front: str, serial: str = "234567") -> str:
    """A made-up resident number with a valid check digit: ``rrn("900101-2")``."""
    body = front.replace("-", "") + serial[:5]
    return f"{body[:6]}-{body[6:]}{check_digit(body)}"


MOTHER = rrn("900101-2")
FATHER = rrn("880202-1")


def birth_input(**changes) -> fam.FilingInput:  # type: ignore[no-untyped-def]
    details = {
        "child_surname": "홍",
        "child_given": "길동",
        "child_hanja": "洪吉童",
        "sex": "남",
        "birth_time": "14:05",
        "birth_place": "서울특별시 성북구 인촌로 73 고려대학교 안암병원",
        "certificate_attached": True,
        "birth_order": 2,
        **changes.pop("details", {}),
    }
    values = {
        "kind": "birth",
        "event_date": date(2026, 3, 1),
        "persons": {"mother": P("김영희", MOTHER), "father": P("홍철수", FATHER)},
        "filer_relation": "mother",
        "filer": P("", phone="010-1234-5678"),
        "details": details,
        **changes,
    }
    return fam.FilingInput(**values)


def death_input(**changes) -> fam.FilingInput:  # type: ignore[no-untyped-def]
    values = {
        "kind": "death",
        "event_date": date(2026, 1, 10),
        "persons": {"deceased": P("이순자", rrn("400305-2"))},
        "filer_relation": "cohabiting_relative",
        "filer": P("이영수", rrn("700101-1"), phone="010-2222-3333"),
        "details": {"death_date": date(2026, 1, 9), "death_place": "자택", "proof": "진단서"},
        **changes,
    }
    return fam.FilingInput(**values)


def marriage_input(**changes) -> fam.FilingInput:  # type: ignore[no-untyped-def]
    values = {
        "kind": "marriage",
        "persons": {
            "spouse1": P("박준호", rrn("920315-1")),
            "spouse2": P("최수진", rrn("940720-2")),
            "witness1": P("정민수", rrn("650101-1")),
            "witness2": P("강미영", rrn("680505-2")),
        },
        "filer_relation": "spouse1",
        **changes,
    }
    return fam.FilingInput(**values)


def divorce_input(confirmed: date, **changes) -> fam.FilingInput:  # type: ignore[no-untyped-def]
    values = {
        "kind": "divorce_consent",
        "event_date": confirmed,
        "persons": {"spouse1": P("오성훈", rrn("800101-1")), "spouse2": P("윤지혜", rrn("820202-2"))},
        "filer_relation": "spouse2",
        "details": {"court": "서울가정법원"},
        **changes,
    }
    return fam.FilingInput(**values)


def name_change_input(**changes) -> fam.FilingInput:  # type: ignore[no-untyped-def]
    values = {
        "kind": "name_change",
        "event_date": date(2026, 3, 10),
        "persons": {"person": P("김말순", rrn("750808-2"))},
        "filer_relation": "self",
        "details": {"new_name": "김서연", "court": "서울북부지방법원"},
        **changes,
    }
    return fam.FilingInput(**values)


def _counts(ctx) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return {
            model.__tablename__: uow.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (FamilyFiling, Applicant, AuditEntry, NumberCounter, OutboxMessage, Receipt)
        }


# ---------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------


def test_numbers_are_unique_per_office_and_year(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    moments = [
        datetime(2025, 12, 31, 23, 30, tzinfo=SEOUL),  # still 2025 in Seoul, already 14:30 UTC
        datetime(2026, 1, 1, 0, 10, tzinfo=SEOUL),
        datetime(2026, 1, 2, 9, 0, tzinfo=SEOUL),
    ]
    numbers = [
        fam.file_filing(app_ctx.db.uow(), clerk, birth_input(event_date=date(2025, 12, 20)), now=moment).number
        for moment in moments
    ]
    assert numbers == ["가족-2025-000001", "가족-2026-000001", "가족-2026-000002"]


def test_a_birth_is_stored_with_its_people_encrypted(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="01012345678"), now=NOW)
    assert view.status_label == "접수" and view.subject_name == "홍길동" and view.birth_order == 2
    # born 3-1: 3-1 is day 1 (가족관계등록법 제37조①) → the day before 4-1 = Tuesday 3-31 (민법 제160조②)
    assert view.assessment == "기한 내" and view.deadline == date(2026, 3, 31) and view.estimated_fine == 0
    assert [(p.role_label, p.name, p.rrn_masked) for p in view.parties] == [
        ("모", "김영희", MOTHER[:8] + "******"),
        ("부", "홍철수", FATHER[:8] + "******"),
    ]
    assert view.filer_name == "김영희" and view.filer_relation_label == "모"
    assert view.sms_phone_masked == "010-****-5678" and view.receipt_number == ""  # filings are free
    assert view.details["birth_time"] == "14:05" and view.details["birth_date"] == "2026-03-01"
    with app_ctx.db.uow() as uow:
        raw = uow.session.execute(sa.text("select details from family_filings")).scalar_one()
        applicants = [(a.rrn_masked, a.rrn_cipher) for a in uow.session.scalars(sa.select(Applicant)).all()]
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert MOTHER.replace("-", "") not in str(raw) and MOTHER not in str(raw)
    assert {masked for masked, _ in applicants} == {MOTHER[:8] + "******", FATHER[:8] + "******"}
    assert all(cipher and MOTHER.replace("-", "").encode() not in cipher for _, cipher in applicants)
    assert "family.file" in actions


def test_replay_with_the_same_uuid_returns_the_same_filing(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    first = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), client_uuid=key, now=NOW)
    before = _counts(app_ctx)
    again = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), client_uuid=key, now=NOW + timedelta(minutes=1))
    assert (again.id, again.number, again.uuid) == (first.id, first.number, key)
    assert _counts(app_ctx) == before


# (make the input, the refusal, a fragment of its message); one test walks them all on each database.
BAD_FILINGS = [
    (lambda: birth_input(persons={"father": P("홍철수", FATHER)}), ValidationError, "모의 성명"),
    (lambda: birth_input(details={"child_given": "길 동"}), ValidationError, "띄어쓰기"),
    (lambda: birth_input(details={"child_hanja": "洪吉"}), ValidationError, "한자 성명의 글자 수"),
    (lambda: birth_input(details={"sex": ""}), ValidationError, "성별"),
    (lambda: birth_input(details={"birth_time": "25:00"}), ValidationError, "출생 시각"),
    (lambda: birth_input(details={"certificate_attached": False}), ValidationError, "대신하는 서류"),
    (lambda: birth_input(event_date=date(2026, 3, 21)), ValidationError, "미래"),
    (lambda: birth_input(filer_relation="other", filer=P("남남", rrn("700101-1"))), ValidationError, "될 수 없"),
    (lambda: birth_input(sms_consent=True, sms_phone=""), ValidationError, "휴대전화"),
    (lambda: birth_input(sms_consent=True, sms_phone="02-123-4567"), ValidationError, "휴대전화"),
    (lambda: death_input(filer_relation="other"), ValidationError, "될 수 없"),
    (
        lambda: death_input(details={"death_date": date(2026, 1, 11), "death_place": "자택", "proof": "진단서"}),
        ValidationError,
        "안 날",
    ),
    (
        lambda: death_input(details={"death_date": date(2026, 1, 9), "death_place": "자택", "proof": "보증"}),
        ValidationError,
        "보증인 1",
    ),
    (
        lambda: marriage_input(persons={**marriage_input().persons, "witness2": P("어린이", rrn("150101-3"))}),
        ValidationError,
        "성년",
    ),
    (
        lambda: marriage_input(persons={**marriage_input().persons, "witness2": marriage_input().persons["spouse1"]}),
        ValidationError,
        "같습니다",
    ),
    (lambda: divorce_input(date(2025, 12, 1)), RuleViolation, "효력을 잃었습니다"),
    (
        lambda: name_change_input(details={"new_name": "이서연", "court": "서울북부지방법원"}),
        ValidationError,
        "성·본",
    ),
    (
        lambda: fam.FilingInput(
            kind="correction",
            event_date=date(2026, 3, 2),
            filer_relation="self",
            persons={"person": P("김철수")},
            details={"description": ""},
        ),
        ValidationError,
        "신고 내용",
    ),
]


def test_bad_filings_are_refused_and_nothing_is_written(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    before = _counts(app_ctx)
    for make, error, fragment in BAD_FILINGS:
        with pytest.raises(error) as caught:
            fam.file_filing(app_ctx.db.uow(), clerk, make(), now=NOW)
        assert fragment in caught.value.message, (fragment, caught.value.message)
        assert re.search(r"[가-힣]", caught.value.message)
        assert _counts(app_ctx) == before, fragment


def test_a_lapsed_consent_divorce_is_refused_with_the_domain_message(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    # Confirmation received 2025-12-20: 12-20 is day 1 (가족관계등록법 제37조①), so the three months end
    # the day before 2026-03-20 = Thursday 3-19 (민법 제160조②), and 20 March is one day too late.
    before = _counts(app_ctx)
    with pytest.raises(RuleViolation) as caught:
        fam.file_filing(
            app_ctx.db.uow(),
            clerk,
            divorce_input(date(2025, 12, 20), sms_consent=True, sms_phone="010-1234-5678"),
            now=NOW,
        )
    assert "2026년 3월 19일" in caught.value.message and "다시 신청" in caught.value.message
    assert _counts(app_ctx) == before  # a refusal writes nothing: no filing, person, number, audit or SMS
    # received 12-21 → the day before 3-21 = Friday 3-20: in time
    view = fam.file_filing(app_ctx.db.uow(), clerk, divorce_input(date(2025, 12, 21)), now=NOW)
    assert view.assessment == "기한 내" and view.deadline == date(2026, 3, 20)


def test_a_late_death_records_the_estimated_fine(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    for after_demand, paid_now, fine in [
        (False, False, 30_000),
        (False, True, 24_000),
        (True, False, 60_000),
        (True, True, 48_000),
    ]:
        _check_late_death(app_ctx, clerk, after_demand, paid_now, fine)


def _check_late_death(app_ctx, clerk, after_demand: bool, paid_now: bool, fine: int) -> None:  # type: ignore[no-untyped-def]
    preview = fam.preview_assessment(
        "death", date(2026, 1, 10), filed_on=NOW.date(), after_demand=after_demand, paid_now=paid_now
    )
    view = fam.file_filing(app_ctx.db.uow(), clerk, death_input(after_demand=after_demand, paid_now=paid_now), now=NOW)
    # Learned 10 January (day 1, 제37조①): due Monday 9 February (the day before 2-10); 20 March is 39 days
    # late, past a full month of lateness (2-10 … 3-9).
    assert view.deadline == date(2026, 2, 9) and view.days_late == 39
    assert view.estimated_fine == preview.fine == fine
    assert view.assessment == preview.label == f"39일 지연 (예상 과태료 {fine:,}원)"
    assert (view.after_demand, view.paid_now) == (after_demand, paid_now)
    assert view.fine_band == "1개월 이상 3개월 미만" and view.receipt_number == ""


def test_marriage_and_name_change_and_other_kinds(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    marriage = fam.file_filing(app_ctx.db.uow(), clerk, marriage_input(), now=NOW)
    assert marriage.assessment.startswith("신고기한 없음") and marriage.event_date == NOW.date()
    assert marriage.subject_name == "박준호·최수진" and marriage.filer_name == "박준호"
    assert [p.role_label for p in marriage.parties] == ["남편", "아내", "증인 1", "증인 2"]
    rename = fam.file_filing(app_ctx.db.uow(), clerk, name_change_input(), now=NOW)
    assert rename.details["old_name"] == "김말순" and rename.details["new_name"] == "김서연"
    other = fam.file_filing(
        app_ctx.db.uow(),
        clerk,
        fam.FilingInput(
            kind="adoption",
            filer_relation="other_filer",
            filer=P("한양부", rrn("700101-1")),
            persons={"person": P("한아이")},
            details={"description": "입양신고: 양부 한양부, 양자 한아이"},
        ),
        now=NOW,
    )
    assert other.kind_name == "입양" or "입양" in other.kind_name
    assert [p.role for p in other.parties] == ["person", "filer"]


def test_a_fee_is_taken_on_a_receipt_where_the_kind_has_one(app_ctx, make_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services.family import intake

    clerk = make_actor("clerk")
    monkeypatch.setattr(intake, "filing_fee", lambda kind: 1000)
    view = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), payment_method="카드", now=NOW)
    assert view.receipt_number.startswith("20260320-")
    with app_ctx.db.uow() as uow:
        receipt = uow.session.scalars(sa.select(Receipt)).one()
        assert receipt.total == 1000 and receipt.applicant_id is not None


def test_roles_are_enforced_in_the_service(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    for role in ("guide", "admin"):
        with pytest.raises(PermissionDenied):
            fam.file_filing(app_ctx.db.uow(), make_actor(role), birth_input(), now=NOW)
        with pytest.raises(PermissionDenied):
            fam.list_filings(app_ctx.db.uow(), make_actor(role))
    assert fam.file_filing(app_ctx.db.uow(), make_actor("supervisor"), birth_input(), now=NOW).number


# ---------------------------------------------------------------------------
# Status and result SMS
# ---------------------------------------------------------------------------


def test_sms_is_queued_only_with_consent_and_only_when_the_transaction_commits(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    consented = fam.file_filing(
        app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW
    )
    silent = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)

    uow = app_ctx.db.uow()
    with uow:  # an outer transaction that never commits: the status change and its message go together
        fam.process_filing(uow, clerk, filing_id=consented.id, outcome="processed")
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    assert _counts(app_ctx)["outbox_messages"] == 0
    assert fam.get_filing(app_ctx.db.uow(), clerk, filing_id=consented.id).status == "received"

    done = fam.process_filing(app_ctx.db.uow(), clerk, filing_id=consented.id, outcome="processed")
    fam.process_filing(app_ctx.db.uow(), clerk, filing_id=silent.id, outcome="refused", note="사망진단서 미첨부")
    assert done.status_label == "처리완료" and done.processed_at is not None
    messages = outbox.list_messages(app_ctx.db.uow(), clerk, record_type=fam.RECORD_TYPE)
    assert len(messages) == 1
    message = messages[0]
    assert message.record_id == str(consented.id) and message.state == "pending"
    assert message.recipient_masked == "010-****-5678"
    assert consented.number in message.body and "처리되었습니다" in message.body
    assert not re.search(r"\d{6}-?\d{7}", message.body)
    assert fam.get_filing(app_ctx.db.uow(), clerk, filing_id=silent.id).status_label == "불수리"


def test_status_changes_are_checked(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW)
    with pytest.raises(ValidationError, match="불수리 사유"):
        fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="refused", note="")
    with pytest.raises(ValidationError):
        fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="done")
    refused = fam.process_filing(
        app_ctx.db.uow(), clerk, filing_id=view.id, outcome="refused", note="출생증명서 불일치"
    )
    assert refused.result_note == "출생증명서 불일치"
    with pytest.raises(RuleViolation, match="이미 불수리"):
        fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="processed")
    body = outbox.list_messages(app_ctx.db.uow(), clerk, record_type=fam.RECORD_TYPE)[0].body
    assert "불수리" in body and "출생증명서 불일치" in body


def test_a_retried_decision_is_answered_once_and_a_second_decision_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW)
    key = uuid.uuid4()
    first = fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="processed", client_uuid=key)
    before = _counts(app_ctx)
    # The reply was lost and the counter sends the same decision again: the same answer, nothing written.
    again = fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="processed", client_uuid=key)
    assert again == first and again.status == "processed"
    assert _counts(app_ctx) == before
    with app_ctx.db.uow() as uow:
        decisions = uow.session.scalars(
            sa.select(AuditEntry.record_id).where(AuditEntry.action == "family.processed")
        ).all()
        messages = uow.session.scalars(sa.select(OutboxMessage.record_id)).all()
    assert decisions == [view.number]
    assert messages == [str(view.id)]
    # Another counter (another key) deciding the same filing is refused in Korean, whatever it decides.
    for outcome, note in (("processed", ""), ("refused", "서류 미비")):
        with pytest.raises(RuleViolation, match="이미 처리완료된 신고"):
            fam.process_filing(
                app_ctx.db.uow(), clerk, filing_id=view.id, outcome=outcome, note=note, client_uuid=uuid.uuid4()
            )
    # The key of one decision cannot be spent on another filing.
    other = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
    with pytest.raises(ValidationError, match="요청 번호"):
        fam.process_filing(app_ctx.db.uow(), clerk, filing_id=other.id, outcome="processed", client_uuid=key)
    assert _counts(app_ctx)["outbox_messages"] == 1


def test_result_sms_uses_the_office_wording_and_masks_a_number_in_the_reason(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.domain.family_guidance import result_sms

    clerk = make_actor("clerk")
    ok = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone="010-1234-5678"), now=NOW)
    bad = fam.file_filing(app_ctx.db.uow(), clerk, death_input(sms_consent=True, sms_phone="010-2222-3333"), now=NOW)
    done = fam.process_filing(app_ctx.db.uow(), clerk, filing_id=ok.id, outcome="processed", now=NOW)
    refused = fam.process_filing(
        app_ctx.db.uow(),
        clerk,
        filing_id=bad.id,
        outcome="refused",
        note=f"사망자 번호 {rrn('400305-2')} 불일치",
        now=NOW,
    )
    bodies = {m.record_id: m.body for m in outbox.list_messages(app_ctx.db.uow(), clerk, record_type=fam.RECORD_TYPE)}
    expected = result_sms(
        "processed",
        office=done.office_name,
        filer="김영희",
        kind_name="출생",
        number=ok.number,
        phone=done.office_phone,
        on=NOW.date(),
    )
    assert bodies[str(ok.id)] == expected
    assert "400305-2******" in bodies[str(bad.id)] and not re.search(r"\d{6}-?\d{7}", bodies[str(bad.id)])
    assert "400305-2******" in refused.result_note


def test_result_messages_survive_a_sender_failing_half_the_time(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    ids = []
    for i in range(12):
        view = fam.file_filing(
            app_ctx.db.uow(), clerk, birth_input(sms_consent=True, sms_phone=f"010-5555-{i:04d}"), now=NOW
        )
        fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome="processed")
        ids.append(view.id)
    sender = FlakySender(seed=11)
    moment = utcnow()
    for _ in range(40):
        outbox.deliver_pending(app_ctx.db, sender, now=moment, max_attempts=40)
        moment += timedelta(hours=2)
    messages = outbox.list_messages(app_ctx.db.uow(), clerk, record_type=fam.RECORD_TYPE)
    assert {m.state for m in messages} == {"sent"}
    assert len(sender.delivered) == len(set(sender.delivered)) == 12
    assert sorted(int(m.record_id) for m in messages) == sorted(ids)


# ---------------------------------------------------------------------------
# List
# ---------------------------------------------------------------------------


def test_list_filters_by_kind_status_period_and_searches_name_or_number(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    birth = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(), now=NOW - timedelta(days=10))
    death = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
    marriage = fam.file_filing(app_ctx.db.uow(), clerk, marriage_input(), now=NOW)
    fam.process_filing(app_ctx.db.uow(), clerk, filing_id=death.id, outcome="processed")

    def numbers(**kwargs) -> list[str]:  # type: ignore[no-untyped-def]
        return [v.number for v in fam.list_filings(app_ctx.db.uow(), clerk, **kwargs)]

    assert numbers() == [marriage.number, death.number, birth.number]
    assert numbers(kind="death") == [death.number]
    assert numbers(status="received") == [marriage.number, birth.number]
    assert numbers(start=date(2026, 3, 15), end=date(2026, 3, 20)) == [marriage.number, death.number]
    assert numbers(end=date(2026, 3, 10)) == [birth.number]
    assert numbers(text="김영희") == [birth.number]  # the mother, a party
    assert numbers(text="이순자") == [death.number]  # the deceased, the subject
    assert numbers(text=death.number) == [death.number]
    assert numbers(text="000003") == [marriage.number]
    assert numbers(text="100%") == []
    with pytest.raises(ValidationError):
        numbers(start=date(2026, 3, 20), end=date(2026, 3, 1))


# ---------------------------------------------------------------------------
# Guidance sheet and 복지 조회
# ---------------------------------------------------------------------------


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _no_plain_number(text: str) -> bool:
    return re.search(r"\d{6}\s*-?\s*\d{7}", text) is None


def test_birth_guidance_names_the_child_and_the_benefits_for_its_birth_order(app_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    second = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(), now=NOW)
    first = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(details={"birth_order": 1}), now=NOW)
    pages, text = _pdf_text(
        fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=second.id, path=tmp_path / "second.pdf", on=NOW.date())
    )
    assert pages == 1
    assert "행복출산" in text and "홍길동" in text and second.number in text
    assert "3,000,000원" in text and "둘째" in text
    assert "다자녀" in text and "확인 필요" in text  # a second child: 2자녀 감면 exist, the sheet says to check
    assert "2026년 4월 29일" in text  # 아동수당·부모급여: 60 days counting the birth day
    assert MOTHER[:8] + "******" in text and _no_plain_number(text)
    _, text_first = _pdf_text(
        fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=first.id, path=tmp_path / "first.pdf", on=NOW.date())
    )
    assert "2,000,000원" in text_first and "3,000,000원" not in text_first and "다자녀" not in text_first
    with app_ctx.db.uow() as uow:
        printed = uow.session.scalars(
            sa.select(AuditEntry.record_id).where(AuditEntry.action == "family.guidance_print")
        ).all()
    assert sorted(printed) == sorted([second.number, first.number])


SHEETS = [
    (death_input, ["안심상속", "이순자", "2027년 1월 31일", "400305-2******", "30,000원"]),
    (marriage_input, ["전입신고", "14일 이내", "박준호", "920315-1******"]),
    (name_change_input, ["개명신고 후속절차", "김말순 → 김서연", "주민등록증 재발급", "인감"]),
]


def test_guidance_sheets_for_death_marriage_and_name_change(app_ctx, make_actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    for i, (make, expected) in enumerate(SHEETS):
        view = fam.file_filing(app_ctx.db.uow(), clerk, make(), now=NOW)
        pages, text = _pdf_text(
            fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=view.id, path=tmp_path / f"g{i}.pdf", on=NOW.date())
        )
        assert pages == 1 and _no_plain_number(text)
        for fragment in expected:
            assert fragment in text, (view.kind, fragment)


def test_welfare_household_from_a_birth_and_a_death(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.domain.benefits import Household

    clerk = make_actor("clerk")
    birth = fam.file_filing(app_ctx.db.uow(), clerk, birth_input(), now=NOW)
    household = fam.welfare_household(birth)
    assert isinstance(household, Household)
    assert household.event is not None and household.event.kind == "출생" and household.event.birth_order == 2
    assert [(p.name, p.relation) for p in household.people] == [("홍길동", "자녀"), ("김영희", "모"), ("홍철수", "부")]
    death = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
    dh = fam.welfare_household(death)
    assert dh.event.kind == "사망" and dh.event.date == date(2026, 1, 9)
    with pytest.raises(ServiceError):
        fam.welfare_household(fam.file_filing(app_ctx.db.uow(), clerk, marriage_input(), now=NOW))


def test_a_judicial_divorce_served_after_it_became_final_counts_from_the_service(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    # 가족관계등록법 제37조②: final Monday 2026-02-09, served Thursday 2-19; filed Friday 3-20 (NOW). From
    # the final day the month ends Monday 3-9 (late); from the service (day 1) the day before 3-19 = 3-18.
    # So still late, by 2 days: the day of service decides, and it is kept with the filing.
    clerk = make_actor("clerk")
    preview = fam.preview_assessment("divorce_judicial", date(2026, 2, 9), filed_on=NOW.date())
    assert preview.deadline == date(2026, 3, 9) and preview.days_late == 11
    served = fam.preview_assessment(
        "divorce_judicial", date(2026, 2, 9), filed_on=NOW.date(), served_on=date(2026, 2, 19)
    )
    assert served.deadline == date(2026, 3, 18) and served.days_late == 2 and served.fine == 10_000
    # the day of service is ignored for a kind not counted from a judgment
    other = fam.preview_assessment("divorce_consent", date(2026, 1, 9), filed_on=NOW.date(), served_on=date(2026, 2, 1))
    assert other.deadline == date(2026, 4, 8)
    data = divorce_input(date(2026, 2, 9))
    data = replace(data, kind="divorce_judicial", details={**data.details, "served_on": "2026-02-19"})
    view = fam.file_filing(app_ctx.db.uow(), clerk, data, now=NOW)
    assert view.deadline == date(2026, 3, 18) and view.days_late == 2
    assert view.details["served_on"] == "2026-02-19"
    assert ("판결 송달일", "2026-02-19") in view.detail_lines
    bad = replace(data, details={**data.details, "served_on": "2026-02-01"})
    with pytest.raises(ValidationError, match="송달일"):
        fam.file_filing(app_ctx.db.uow(), clerk, bad, now=NOW)
