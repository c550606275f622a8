"""Whatever text a clerk types reaches the database only as our own clear refusal or as a valid value, the same
on SQLite and PostgreSQL, and whatever was committed can still be printed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import applicants, dayclose, printing, receipts
from app.services.errors import ServiceError

# Everything a keyboard, a paste or a barcode scanner can produce, with the awkward cases made likely.
awkward = st.sampled_from(["\x00", "\u202e", "\u2066", "\r\n", "\t", "<b>", "&", "%", "_", "'", '"', "１２", "—"])
texts = st.lists(st.one_of(st.text(max_size=30), awkward), max_size=8).map("".join) | st.text(
    min_size=190, max_size=400
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid(text: str, max_len: int) -> bool:
    return (
        len(text) <= max_len
        and "\x00" not in text
        and not any(unicodedata.category(ch) == "Cc" for ch in text)
        and "\u202e" not in text
    )


def test_applicant_text(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    @SETTINGS
    @given(name=texts, phone=texts, address=texts)
    def check(name: str, phone: str, address: str) -> None:
        try:
            view = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name=name, phone=phone, address=address)
        except ServiceError as exc:
            assert exc.message
            return
        assert _valid(view.name, 60) and any(unicodedata.category(c).startswith("L") for c in view.name)
        assert _valid(view.phone, 40) and _valid(view.address, 200)

    check()


def test_search_text_is_not_a_pattern(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동")
    applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="김철수")
    assert applicants.search_by_name(app_ctx.db.uow(), clerk, "%%") == []
    assert applicants.search_by_name(app_ctx.db.uow(), clerk, "__") == []
    assert [a.name for a in applicants.search_by_name(app_ctx.db.uow(), clerk, "홍길")] == ["홍길동"]

    @SETTINGS
    @given(text=texts)
    def check(text: str) -> None:
        try:
            found = applicants.search_by_name(app_ctx.db.uow(), clerk, text)
        except ServiceError:
            return
        assert all(" ".join(text.split()) in a.name for a in found)  # a part of the name (issue 17)

    check()


def test_receipt_text_and_its_reprint(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    person = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="A<b>B & 홍")

    @SETTINGS
    @given(description=texts, exemption=texts, reason=texts, fee=st.integers(min_value=-(2**40), max_value=2**40))
    def check(description: str, exemption: str, reason: str, fee: int) -> None:
        line = receipts.LineInput("resident_copy", description, 1, fee, exemption=exemption)
        try:
            view = receipts.issue_receipt(
                app_ctx.db.uow(), clerk, lines=[line], payment_method="현금", applicant_id=person.id
            )
        except ServiceError:
            return
        assert _valid(view.lines[0].description, 200) and _valid(view.lines[0].exemption, 100)
        try:
            view = receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason=reason)
        except ServiceError:
            pass
        # Whatever was committed prints, and prints again.
        for copy in (1, 2):
            path = printing.print_receipt(
                app_ctx.db.uow(), supervisor, receipt_id=view.id, path=tmp_path / f"{view.number}-{copy}.pdf"
            )
            assert path.stat().st_size > 1000

    check()


def test_day_close_note(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from app.domain.calendar import seoul_today

    supervisor = make_actor("supervisor")
    days = iter(seoul_today() - timedelta(days=i) for i in range(1, 400))

    @SETTINGS
    @given(note=texts, cash=st.integers(min_value=-(2**63), max_value=2**63))
    def check(note: str, cash: int) -> None:
        try:
            summary = dayclose.close_day(app_ctx.db.uow(), supervisor, day=next(days), counted_cash=cash, note=note)
        except ServiceError:
            return
        assert _valid(summary.note, 500)

    check()
