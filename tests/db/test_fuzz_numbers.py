"""A fuzzed database: random text with resident numbers in random spellings (every separator, spaces between
digits, full-width digits mixed in one by one) fed to the free-text services; then the scan of every text and
JSON column and of the database's bytes (SQLite file and WAL, or ``pg_dump --data-only``) finds none of them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.calendar import seoul_today
from app.services import applicants, dayclose, petitions, receipts
from app.services.errors import ServiceError
from tests.db.number_scan import database_bytes, leaks, scan_columns

NUMBERS = ["900101-1234568", "850505-2345675", "020304-3456781"]
DIGITS = [n.replace("-", "") for n in NUMBERS]
SEPARATORS = ["", " ", "  ", "-", "\u2013", "\u2014", "\u2212", "\uff0d", "\u2010", "_", ".", "\u00b7", " - "]
# What may stand right next to a number: anything but a digit (a digit there makes a longer number). The
# fields fuzzed here are single lines: a tab or a line break is refused before anything is stored.
BOUNDARIES = [" ", "/", "(", ")", ":", "가", ",", "#"]


@st.composite
def spelled(draw: st.DrawFn) -> str:
    """One of the numbers, each digit maybe full-width, with a separator between the groups and maybe between
    every pair of digits."""
    digits = draw(st.sampled_from(DIGITS))
    between = draw(st.sampled_from(["", "", " ", ".", "-"]))
    out = []
    for i, digit in enumerate(digits):
        if i == 6:
            out.append(draw(st.sampled_from(SEPARATORS)))
        elif i:
            out.append(between)
        out.append(chr(ord(digit) + 0xFEE0) if draw(st.booleans()) else digit)
    return "".join(out)


filler = st.text(alphabet=st.sampled_from(list("민원 확인 메모가나다abcXYZ0123456789-._()/,:１２")), max_size=25)


@st.composite
def free_text(draw: st.DrawFn) -> str:
    parts = [draw(filler)]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        parts += [draw(st.sampled_from(BOUNDARIES)), draw(spelled()), draw(st.sampled_from(BOUNDARIES)), draw(filler)]
    return "".join(parts)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LINE = [receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)]


def test_a_fuzzed_database_holds_no_number(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = make_actor("clerk"), make_actor("supervisor")
    for name, number in zip(("홍길동", "김영희", "박철수"), NUMBERS, strict=True):
        applicants.upsert_applicant(app_ctx.db.uow(), clerk, name=name, resident_number=number)
    days = iter(d for i in range(2, 400) if (d := seoul_today() - timedelta(days=i)).weekday() < 5)
    fed: list[str] = []
    taken = {"address": 0, "summary": 0, "void": 0, "note": 0}

    @SETTINGS
    @given(address=free_text(), summary=free_text(), reason=free_text(), note=free_text())
    def feed(address: str, summary: str, reason: str, note: str) -> None:
        fed.extend((address, summary, reason, note))
        try:
            applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="이서윤", address=address)
            taken["address"] += 1
        except ServiceError:
            pass
        try:
            view = petitions.intake_petition(
                app_ctx.db.uow(), clerk, type_code="local_tax_objection", applicant_name="이서윤", summary=summary
            )
            taken["summary"] += 1
            petitions.start_processing(app_ctx.db.uow(), clerk, petition_id=view.id)
            petitions.request_supplement(app_ctx.db.uow(), clerk, petition_id=view.id, note=note)
        except ServiceError:
            pass
        receipt = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=LINE, payment_method="현금")
        try:
            receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=receipt.id, reason=reason)
            taken["void"] += 1
        except ServiceError:
            pass
        try:
            dayclose.close_day(app_ctx.db.uow(), boss, day=next(days), counted_cash=1000, note=note)
            taken["note"] += 1
        except ServiceError:
            pass

    feed()
    # The services took most of what was typed (a refusal is fine, but a fuzz that stores nothing proves nothing).
    assert all(count >= 10 for count in taken.values()), taken
    assert sum(bool(leaks("input", text, DIGITS)) for text in fed) == len(fed)  # every input held a number
    column_leaks, values = scan_columns(app_ctx.db.engine, DIGITS)
    raw = database_bytes(app_ctx.db.engine, tmp_path)
    assert {"columns": column_leaks, "bytes": leaks("database bytes", raw, DIGITS)} == {"columns": [], "bytes": []}
    assert values > 100
