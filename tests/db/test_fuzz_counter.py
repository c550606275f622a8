"""Whatever a clerk types at the 증명·민원 counter reaches the database only as our own clear refusal or as a
valid value, the same on SQLite and PostgreSQL; whatever was committed still prints."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.documents.notices import render_notice
from app.domain.calendar import SEOUL
from app.services import certificates, surveys
from app.services import petitions as svc
from app.services.errors import ServiceError
from app.views.certificates import CertificateLine
from app.views.notices import NoticeDocument, NoticeItem
from db.models import Applicant
from db.models_petitions import OfficeClosure, Petition, PetitionEvent, PetitionExtension, PetitionTransfer

awkward = st.sampled_from(
    ["\x00", "\u202e", "\u2066", "\r\n", "\t", "<b>", "</para>", "&", "%", "_", "'", '"', "１２", "—", "즉시", "3일"]
)
texts = st.lists(st.one_of(st.text(max_size=30), awkward), max_size=8).map("".join) | st.text(
    min_size=190, max_size=2100
)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)


def _valid(text: str, max_len: int, *, multiline: bool = False) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return (
        len(text) <= max_len
        and not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)
        and not any(ch in text for ch in ("\u202e", "\u2066"))
    )


def _take(ctx: Any, clerk: Any, **kwargs: Any) -> Any:
    return svc.intake_petition(
        ctx.db.uow(),
        clerk,
        type_code="question_procedure",
        applicant_name="홍길동",
        phone="010-1234-5678",
        department="건축과",
        now=MON,
        **kwargs,
    )


def test_petition_intake_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    good = {
        "type_code": "question_procedure",
        "applicant_name": "홍길동",
        "phone": "010-1234-5678",
        "department": "건축과",
        "summary": "건축 절차 문의",
    }

    @SETTINGS
    @given(field=st.sampled_from(sorted(good)), text=texts)
    def check(field: str, text: str) -> None:
        try:
            view = svc.intake_petition(app_ctx.db.uow(), clerk, **{**good, field: text}, now=MON)  # type: ignore[arg-type]
        except ServiceError as exc:
            assert exc.message
            return
        with app_ctx.db.uow() as uow:
            petition = uow.session.get(Petition, view.id)
            assert petition is not None
            applicant = uow.session.get(Applicant, petition.applicant_id)
            assert applicant is not None
            assert _valid(petition.summary, 2000, multiline=True) and _valid(petition.contact_phone, 40)
            assert petition.department in svc.department_choices(on=MON)
            assert _valid(applicant.name, 60) and any(unicodedata.category(c).startswith("L") for c in applicant.name)

    check()


def test_petition_transition_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    now = MON + timedelta(hours=1)

    good = {
        "note": "도면 누락",
        "reason": "관계기관 협의",
        "consent": "전화로 동의",
        "period": "5일",
        "department": "위생과",
    }

    @SETTINGS
    @given(field=st.sampled_from(sorted(good)), text=texts)
    def check(field: str, text: str) -> None:
        values = {**good, field: text}
        note, reason, consent = values["note"], values["reason"], values["consent"]
        period, department = values["period"], values["department"]
        p = _take(app_ctx, clerk)
        calls = [
            lambda: svc.extend_petition(
                app_ctx.db.uow(),
                clerk,
                petition_id=p.id,
                reason=reason,
                period=period,
                consent_note=consent,
                applicant_consent=True,
                now=now,
            ),
            lambda: svc.transfer_petition(
                app_ctx.db.uow(), clerk, petition_id=p.id, to_department=department, reason=reason, now=now
            ),
            lambda: svc.request_supplement(app_ctx.db.uow(), clerk, petition_id=p.id, note=note, now=now),
            lambda: svc.receive_supplement(app_ctx.db.uow(), clerk, petition_id=p.id, note=note, now=now),
            lambda: svc.decide_petition(
                app_ctx.db.uow(),
                clerk,
                petition_id=p.id,
                decision="인용",
                decided_at=now - timedelta(hours=1),
                reason=reason,
                now=now,
            ),
            lambda: svc.close_petition(
                app_ctx.db.uow(), clerk, petition_id=p.id, reason_code="address_unknown", note=note, now=now
            ),
        ]
        for call in calls:
            try:
                call()
            except ServiceError as exc:
                assert exc.message
        with app_ctx.db.uow() as uow:
            petition = uow.session.get(Petition, p.id)
            assert petition is not None
            assert _valid(petition.decided_reason, 1000) and _valid(petition.close_note, 1000)
            for e in uow.session.scalars(sa.select(PetitionEvent).where(PetitionEvent.petition_id == p.id)):
                assert _valid(e.note, 2000)
            for x in uow.session.scalars(sa.select(PetitionExtension).where(PetitionExtension.petition_id == p.id)):
                assert _valid(x.reason, 1000) and _valid(x.consent_note, 500) and len(x.period) <= 20
            for t in uow.session.scalars(sa.select(PetitionTransfer).where(PetitionTransfer.petition_id == p.id)):
                assert t.to_department in svc.department_choices(on=MON) and _valid(t.reason, 1000)
        svc.get_petition(app_ctx.db.uow(), clerk, petition_id=p.id, now=now)

    check()


def test_petition_search_is_not_a_pattern(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    _take(app_ctx, clerk)
    assert svc.list_petitions(app_ctx.db.uow(), clerk, search="%", now=MON) == []
    assert svc.list_petitions(app_ctx.db.uow(), clerk, search="__", now=MON) == []
    assert len(svc.list_petitions(app_ctx.db.uow(), clerk, search="홍길", now=MON)) == 1

    @SETTINGS
    @given(search=texts, department=texts)
    def check(search: str, department: str) -> None:
        try:
            found = svc.list_petitions(app_ctx.db.uow(), clerk, search=search, department=department, now=MON)
        except ServiceError:
            return
        term = " ".join(unicodedata.normalize("NFC", search).split()).lower()
        if term.replace("-", "").replace(" ", "").isdigit():
            return  # digits also look up the phone number
        assert all(term in v.number.lower() or term in v.applicant_name.lower() for v in found)

    check()


def test_certificate_text_and_its_receipt_prints(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    good: dict[str, Any] = {"name": "A<b>B & 홍", "phone": "010-1234-5678", "kind": "resident_copy", "exemption": None}

    @SETTINGS
    @given(
        field=st.sampled_from(sorted(good)),
        text=texts,
        copies=st.integers(min_value=-(2**40), max_value=2**40) | st.just(1),
    )
    def check(field: str, text: str, copies: int) -> None:
        values = {**good, field: text}
        name, phone, kind, exemption = values["name"], values["phone"], values["kind"], values["exemption"]
        try:
            issue = certificates.issue_certificates(
                app_ctx.db.uow(),
                clerk,
                applicant_name=name,
                phone=phone,
                lines=[CertificateLine(kind, copies, exemption)],
                payment_method="현금",
            )
        except ServiceError as exc:
            assert exc.message
            return
        assert _valid(issue.applicant_name, 60)
        path = certificates.print_receipt(
            app_ctx.db.uow(), clerk, issue=issue, path=tmp_path / f"{issue.receipt.number}.pdf", paper="a4"
        )
        text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
        assert "영 수 증" in text

    check()


def test_survey_answers_and_their_import(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    svc.decide_petition(app_ctx.db.uow(), clerk, petition_id=p.id, decision="인용", now=MON)
    svc.notify_petition(app_ctx.db.uow(), clerk, petition_id=p.id, now=MON)
    answers = texts | st.sampled_from(["만족", "3", "5", "²", "9" * 5000]) | st.integers()

    good: dict[str, object] = {"number": p.number, "kindness": 5, "satisfaction": "만족"}

    @SETTINGS
    @given(field=st.sampled_from(sorted(good)), answer=answers, csv_text=texts)
    def check(field: str, answer: object, csv_text: str) -> None:
        values = {**good, field: answer if field != "number" or isinstance(answer, str) else str(answer)}
        number, kindness, satisfaction = str(values["number"]), values["kindness"], values["satisfaction"]
        try:
            view = surveys.record_answer(
                app_ctx.db.uow(), clerk, number=number, kindness=kindness, satisfaction=satisfaction
            )
            assert view.kindness in range(1, 6) and view.satisfaction in range(1, 6)
        except ServiceError as exc:
            assert exc.message
        path = tmp_path / "ars.csv"
        path.write_text(f"민원번호,친절도,만족도,응답일시\n{csv_text}\n{number},{kindness},{satisfaction},{csv_text}\n")
        try:
            result = surveys.import_answers_csv(app_ctx.db.uow(), clerk, path=path, now=MON)
        except ServiceError as exc:
            assert exc.message
            return
        assert result.recorded in (0, 1) and all(e for e in result.errors)

    check()


def test_closure_reason(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    boss = make_actor("supervisor")
    days = iter(MON.date() + timedelta(days=i) for i in range(1, 400))

    @SETTINGS
    @given(reason=texts)
    def check(reason: str) -> None:
        try:
            svc.add_closure(app_ctx.db.uow(), boss, day=next(days), reason=reason, now=MON)
        except ServiceError as exc:
            assert exc.message
        with app_ctx.db.uow() as uow:
            assert all(_valid(r, 200) and len(r) >= 2 for r in uow.session.scalars(sa.select(OfficeClosure.reason)))

    check()


def printable(max_size: int) -> st.SearchStrategy[str]:
    """Text as a record can hold it (validated: no control characters), markup likely."""
    plain = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=max_size)
    markup = st.sampled_from(["<b>", "</para>", "&amp;", "&", "<br/>", "<font name=x>"])
    return st.lists(st.one_of(plain, markup), max_size=4).map("".join).map(lambda t: t[:max_size])


@SETTINGS
@given(name=printable(100), department=printable(60), type_name=printable(100), sender=printable(60))
def test_a_notice_prints_whatever_its_names(name: str, department: str, type_name: str, sender: str) -> None:
    import tempfile

    item = NoticeItem("민원-20261123-0001", type_name, MON, MON + timedelta(days=7), "2일 초과", 2)
    doc = NoticeDocument("demand", name, "민원여권과", "<주소>", "02-1234-5678", department, MON, 3, sender, (item,))
    with tempfile.TemporaryDirectory() as folder:
        path = render_notice(doc, Path(folder) / "n.pdf")
        text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
        assert "독촉장" in text
