"""Whatever a clerk types at the passport counter reaches the database only as our own clear refusal or as a
valid value, the same on SQLite and PostgreSQL; whatever was committed still prints."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.domain.passport import PROXY_RELATIONS, ApplicantSituation
from app.services import passports as ps
from app.services import printing
from app.services.errors import ServiceError
from db.models import Applicant
from db.models_passport import PassportApplication, PassportLossReport, PassportRefund
from tests.db.test_passports import ADULT_RRN, NOW, _advance_to_arrived, _emergency

awkward = st.sampled_from(
    ["\x00", "\u202e", "\u2066", "\r\n", "\t", "<b>", "</para>", "&", "%", "_", "'", '"', "１２", "—", "M1234", "-"]
)
texts = st.lists(st.one_of(st.text(max_size=30), awkward), max_size=8).map("".join) | st.text(
    min_size=190, max_size=2100
)
# Mostly-valid text: a good value with printable text and markup added, so that many saves commit and print.
suffixes = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20),
        st.sampled_from(["<b>", "</para>", "&amp;", "&", "<br/>", "%", "_", " "]),
    ),
    max_size=4,
).map("".join)
numbers = st.integers(min_value=-(2**40), max_value=2**40) | st.sampled_from([None, 0, 1, 5, 10, 26, 58])
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _typed(good: object, text: str, suffix: str | None) -> object:
    """The fuzzed field: wholly ``text``, or the good value with ``suffix`` typed after it."""
    if suffix is None:
        return text
    return f"{good or ''}{suffix}"


def _valid(text: str, max_len: int, *, multiline: bool = False) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return (
        len(text) <= max_len
        and not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)
        and not any(ch in text for ch in ("\u202e", "\u2066"))
    )


def _a_name(text: str) -> bool:
    return _valid(text, 60) and any(unicodedata.category(c).startswith("L") for c in text)


def _applicant_is_valid(ctx: Any, applicant_id: int) -> None:
    with ctx.db.uow() as uow:
        applicant = uow.session.get(Applicant, applicant_id)
        assert applicant is not None
        assert _a_name(applicant.name) and _valid(applicant.phone, 40) and _valid(applicant.address, 200)


def test_intake_text_and_its_receipt_prints(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    good: dict[str, Any] = {
        "name": "A<b>B & 홍",
        "resident_number": ADULT_RRN,
        "phone": "010-1234-5678",
        "address": "서울특별시 성북구 <보문로> 168",
        "emergency_reason": "부친 위독으로 오늘 밤 출국",
        "reduced_reason": "부친 위독",
        "proxy_name": "",
        "proxy_relation": None,
        "kind": "긴급",
        "payment_method": "현금",
        "documents_checked": "emergency_statement",
    }
    seen = iter(range(10_000))

    @SETTINGS
    @given(field=st.sampled_from(sorted(good)), text=texts, suffix=st.none() | suffixes, count=numbers)
    def check(field: str, text: str, suffix: str | None, count: int | None) -> None:
        values = {**good, field: _typed(good[field], text, suffix)}
        documents = ("application_form", "id_card_adult", values.pop("documents_checked"))
        moment = NOW + timedelta(minutes=next(seen))
        try:
            view = ps.take_application(
                app_ctx.db.uow(),
                clerk,
                form=_emergency(
                    **values,
                    documents_checked=documents,
                    reduced_fee=ps.REDUCED_LATER,
                    declared_losses_1y=count if field == "kind" else 0,
                ),
                now=moment,
            )
        except ServiceError as exc:
            assert exc.message
            return
        with app_ctx.db.uow() as uow:
            app = uow.session.get(PassportApplication, view.id)
            assert app is not None
            assert _valid(app.emergency_reason, 500) and _valid(app.reduced_reason, 500)
            assert _valid(app.proxy_name, 60) and _valid(app.proxy_relation, 20)
            assert set(app.documents_checked.split(",")) <= {"application_form", "id_card_adult", "emergency_statement"}
            assert app.declared_losses_1y is None or 0 <= app.declared_losses_1y <= 99
        _applicant_is_valid(app_ctx, view.applicant_id)
        assert view.receipt is not None
        path = printing.print_receipt(
            app_ctx.db.uow(),
            clerk,
            receipt=view.receipt,
            path=tmp_path / f"{view.receipt.number}.pdf",
            paper="a4",
            permission="passport.intake",
            now=moment + timedelta(seconds=2),
        )
        assert "영 수 증" in "".join(page.extract_text() for page in PdfReader(str(path)).pages)

    check()


def test_loss_report_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    good: dict[str, Any] = {
        "name": "홍길동",
        "resident_number": ADULT_RRN,
        "place": "인천국제공항",
        "circumstances": "가방째\n잃어버림",
        "passport_number": "M12345678",
        "phone": "010-1234-5678",
    }

    @SETTINGS
    @given(
        field=st.sampled_from(sorted(good)),
        text=texts,
        suffix=st.none() | suffixes,
        lost_on=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)) | st.just(NOW.date()),
    )
    def check(field: str, text: str, suffix: str | None, lost_on: date) -> None:
        values = {**good, field: _typed(good[field], text, suffix)}
        try:
            view = ps.record_loss_report(app_ctx.db.uow(), clerk, **values, lost_on=lost_on, now=NOW)
        except ServiceError as exc:
            assert exc.message
            return
        with app_ctx.db.uow() as uow:
            report = uow.session.get(PassportLossReport, view.id)
            assert report is not None
            assert _valid(report.place, 200) and len(report.place) >= 2
            assert _valid(report.circumstances, 2000, multiline=True) and len(report.circumstances) >= 2
            number = report.passport_number
            assert len(number) <= 20 and (number == "" or (number.isascii() and number.isalnum()))
            assert date(1950, 1, 1) <= report.lost_on <= NOW.date()
        _applicant_is_valid(app_ctx, view.applicant_id)

    check()


def test_emergency_check_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    @SETTINGS
    @given(resident_number=texts | st.just(ADULT_RRN), reason=texts, one=numbers, five=numbers)
    def check(resident_number: str, reason: str, one: int | None, five: int | None) -> None:
        try:
            view = ps.check_emergency_eligibility(
                app_ctx.db.uow(),
                clerk,
                resident_number=resident_number,
                identity_verified=True,
                reason=reason,
                declared_losses_1y=one,
                declared_losses_5y=five,
                now=NOW,
            )
        except ServiceError as exc:
            assert exc.message
            return
        assert view.eligible in (True, False)

    check()


def test_transition_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    good = {
        "reason": "모친 위독",
        "proof": "사망진단서",
        "method": "현금",
        "relation": "본인",
        "collector": "",
        "step": "review",
    }

    @SETTINGS
    @given(field=st.sampled_from(sorted(good)), text=texts, suffix=st.none() | suffixes)
    def check(field: str, text: str, suffix: str | None) -> None:
        values = {**good, field: str(_typed(good[field], text, suffix))}
        app = ps.take_application(app_ctx.db.uow(), clerk, form=_emergency(), now=NOW)
        calls = [
            lambda: ps.claim_reduced_fee_later(
                app_ctx.db.uow(), clerk, application_id=app.id, reason=values["reason"], now=NOW
            ),
            lambda: ps.apply_reduced_fee_with_proof(
                app_ctx.db.uow(),
                clerk,
                application_id=app.id,
                proof=values["proof"],
                refund_method=values["method"],
                now=NOW + timedelta(hours=1),
            ),
            lambda: ps.advance_application(
                app_ctx.db.uow(), clerk, application_id=app.id, to_status=values["step"], now=NOW
            ),
        ]
        for call in calls:
            try:
                call()
            except ServiceError as exc:
                assert exc.message
        try:
            _advance_to_arrived(app_ctx, clerk, app.id, NOW)
        except ServiceError:
            pass  # the fuzzed step already took 심사
        try:
            ps.deliver_passport(
                app_ctx.db.uow(),
                clerk,
                application_id=app.id,
                id_checked=True,
                collector_relation=values["relation"],
                collector_name=values["collector"],
                now=NOW + timedelta(hours=2),
            )
        except ServiceError as exc:
            assert exc.message
        with app_ctx.db.uow() as uow:
            row = uow.session.get(PassportApplication, app.id)
            assert row is not None
            assert _valid(row.reduced_reason, 500) and row.status in ps.STATUSES
            assert _valid(row.collector_name, 60) and _valid(row.collector_relation, 20)
            for refund in uow.session.scalars(sa.select(PassportRefund).where(PassportRefund.application_id == app.id)):
                assert _valid(refund.proof, 500) and refund.method in ps.REFUND_METHODS
        ps.get_application(app_ctx.db.uow(), clerk, application_id=app.id)

    check()


def test_fee_quote_and_checklist_print(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    guide = make_actor("guide")

    @SETTINGS
    @given(
        kind=texts | st.sampled_from(ps.STATUSES + ("복수", "단수", "긴급")),
        age=numbers,
        years=numbers,
        pages=numbers,
        sex=texts | st.sampled_from(["M", "F", "남", "여"]),
        relation=st.none() | texts | st.sampled_from(PROXY_RELATIONS),
    )
    def check(kind: str, age: int | None, years: int | None, pages: int | None, sex: str, relation: str | None) -> None:
        request = ps.FeeRequest(kind=kind, validity_years=years, pages=pages, age=30 if age is None else age)
        try:
            ps.quote_fee(guide, request, applied_at=NOW)
        except ServiceError as exc:
            assert exc.message
        situation = ApplicantSituation(
            age=30 if age is None else age, sex=sex, applying_in_person=relation is None, proxy_relation=relation
        )
        try:
            path = ps.print_checklist(
                app_ctx.db.uow(), guide, situation=situation, path=tmp_path / "c.pdf", fee_request=request, now=NOW
            )
        except ServiceError as exc:
            assert exc.message
            return
        assert "구비서류" in "".join(page.extract_text() for page in PdfReader(str(path)).pages)

    check()
