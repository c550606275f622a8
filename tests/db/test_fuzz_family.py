"""Whatever a clerk types into a family filing reaches the database only as our own clear refusal or as a valid
value, the same on SQLite and PostgreSQL, and a committed filing still prints its guidance sheet."""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.services import family as fam
from app.services.errors import ServiceError
from tests.db.test_family_filings import NOW, P, death_input, rrn
from tests.db.test_input_fuzz import SETTINGS, texts


def _valid(text: str, max_len: int) -> bool:
    return (
        len(text) <= max_len
        and not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)
        and not any(ch in text for ch in ("\u202e", "\u2066"))
    )


def test_file_filing_text_and_its_guidance_sheet(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    @SETTINGS
    @given(
        name=texts,
        phone=texts,
        address=texts,
        place=texts,
        description=texts,
        relation=texts,
        kind=st.sampled_from(["death", "adoption"]) | texts,
    )
    def check(name: str, phone: str, address: str, place: str, description: str, relation: str, kind: str) -> None:
        if kind == "death":
            data = death_input(
                persons={"deceased": P(name, rrn("400305-2"), address=address)},
                filer=P("이영수", rrn("700101-1"), phone=phone),
                details={"death_date": NOW.date().replace(day=9, month=1), "death_place": place, "proof": "진단서"},
            )
        else:
            data = fam.FilingInput(
                kind=kind,
                filer_relation=relation if relation else "other_filer",
                filer=P(name, rrn("700101-1"), phone=phone, address=address),
                persons={"person": P("한아이")},
                details={"description": description},
            )
        try:
            view = fam.file_filing(app_ctx.db.uow(), clerk, data, client_uuid=uuid.uuid4(), now=NOW)
        except ServiceError as exc:
            assert exc.message
            return
        assert _valid(view.subject_name, 60) and _valid(view.filer_name, 60)
        assert all(_valid(p.name, 60) for p in view.parties)
        for value in view.details.values():
            if isinstance(value, str):
                assert _valid(value, 1000)
        again = fam.get_filing(app_ctx.db.uow(), clerk, filing_id=view.id)
        assert again.number == view.number
        out = fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=view.id, path=tmp_path / "guidance.pdf")
        assert out.stat().st_size > 0
        printed.append(view.number)

    printed: list[str] = []
    check()
    # The typed text that passes must also print (a name with markup among them).
    check_one = fam.file_filing(
        app_ctx.db.uow(), clerk, death_input(persons={"deceased": P("A<b>B & 홍", rrn("400305-2"))}), now=NOW
    )
    assert fam.print_guidance(app_ctx.db.uow(), clerk, filing_id=check_one.id, path=tmp_path / "m.pdf").exists()


def test_process_filing_note(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    @SETTINGS
    @given(note=texts, outcome=st.sampled_from(["processed", "refused"]) | texts)
    def check(note: str, outcome: str) -> None:
        view = fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
        try:
            done = fam.process_filing(app_ctx.db.uow(), clerk, filing_id=view.id, outcome=outcome, note=note)
        except ServiceError as exc:
            assert exc.message
            assert fam.get_filing(app_ctx.db.uow(), clerk, filing_id=view.id).status == "received"
            return
        assert done.status in ("processed", "refused")
        assert _valid(done.result_note, 500)

    check()


def test_list_filings_search_is_not_a_pattern(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    fam.file_filing(app_ctx.db.uow(), clerk, death_input(), now=NOW)
    assert fam.list_filings(app_ctx.db.uow(), clerk, text="%%") == []
    assert fam.list_filings(app_ctx.db.uow(), clerk, text="__") == []
    assert len(fam.list_filings(app_ctx.db.uow(), clerk, text="이순")) == 1

    @SETTINGS
    @given(text=texts, kind=st.none() | texts, status=st.none() | st.sampled_from(["received", "x"]) | texts)
    def check(text: str, kind: str | None, status: str | None) -> None:
        try:
            found = fam.list_filings(app_ctx.db.uow(), clerk, text=text, kind=kind, status=status)
        except ServiceError as exc:
            assert exc.message
            return
        words = " ".join(text.split())
        assert all(
            words in f.number or words in f.subject_name or any(words in p.name for p in f.parties) for f in found
        )

    check()


def test_benefit_lookup_and_sheet_text(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from app.domain.benefits import Household, LifeEvent, Person
    from app.services import benefits

    clerk = make_actor("clerk")
    on = date(2026, 3, 20)

    @SETTINGS
    @given(name=texts, words=texts)
    def check(name: str, words: str) -> None:
        household = Household(
            people=(Person(name, date(1990, 1, 1), "본인"),),
            event=LifeEvent("출생", date(2026, 3, 1), birth_order=1, person_name=name),
        )
        try:
            benefits.print_benefit_sheet(app_ctx.db.uow(), clerk, household, tmp_path / "sheet.pdf", on=on, words=words)
        except ServiceError as exc:
            assert exc.message
            return
        assert (tmp_path / "sheet.pdf").stat().st_size > 0
        printed.append(name)

    printed: list[str] = []
    check()
    assert printed, "no look-up was answered: the fuzz never reached the sheet"
