"""The petition list's and the family-filing list's search boxes on their indexes (issue 17), on SQLite and
PostgreSQL: on a generated office, what the new look-ups find is what the old ``contains`` found wherever the two
must agree (three characters or more, a phone's last four digits, a part of a number; a two-character part of
names of at most three characters), and what ``db.name_search`` says where they differ (one character of an
applicant's name is the start of it; two characters are the start or the end); the indexes follow writes; a
passport application is read by its whole number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bench.generate import generate

END = date(2026, 11, 27)
ALL = 100_000


@pytest.fixture
def office(db_url: str, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    from app.bootstrap import build_context
    from app.services import auth
    from app.settings import Settings

    key = tmp_path / "keys" / "rrn.key"
    generate(db_url, years=1, scale=0.03, end=END, key_file=key, seed=5)
    ctx = build_context(Settings(values={"key_file": str(key)}), db_url=db_url)
    actor = auth.sign_in(
        ctx.db.uow(),
        username="gen.super",
        password="generated-pass-1",
        terminal_id=ctx.terminal.id,
        terminal_code=ctx.terminal.code,
    )
    yield ctx, actor
    ctx.db.dispose()


def _rows(ctx: Any, statement: str) -> list[tuple[Any, ...]]:
    with ctx.db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(statement).all()]


def _petitions(ctx: Any, actor: Any, term: str) -> set[str]:
    from app.services.petitions import list_petitions

    return {v.number for v in list_petitions(ctx.db.uow(), actor, status="all", search=term, limit=ALL)}


def _filings(ctx: Any, actor: Any, text: str) -> set[str]:
    from app.services.family import list_filings

    return {v.number for v in list_filings(ctx.db.uow(), actor, text=text, limit=5000)}


def _old_petition_match(term: str, number: str, name: str, phone: str) -> bool:
    """The search as it was before issue 17's indexes (``icontains`` on number and name, phone ``%digits%``)."""
    digits = re.sub(r"\D", "", term)
    found = term.lower() in number.lower() or term.lower() in name.lower()
    if len(digits) >= 4 and digits == re.sub(r"[\s\-]", "", term):
        found = found or digits in phone.replace("-", "")
    return found


def test_petition_search_means_what_it_meant(office: tuple[Any, Any]) -> None:
    ctx, actor = office
    rows = _rows(
        ctx,
        "SELECT p.number, a.name, p.contact_phone FROM petitions p JOIN applicants a ON a.id = p.applicant_id",
    )
    assert len(rows) > 50
    names = sorted({name for _, name, _ in rows})
    assert all(len(n) <= 3 for n in names)  # generated Korean names: a two-character part is at an end

    def old(term: str) -> set[str]:
        return {number for number, name, phone in rows if _old_petition_match(term, number, name, phone)}

    checked = 0
    for name in names[:: max(1, len(names) // 12)]:
        # Three characters and more: anywhere; two: the start or the end, which for these names is anywhere.
        for term in {name, name[1:], name[:2]}:
            if len(term) >= 2:
                assert _petitions(ctx, actor, term) == old(term), term
                checked += 1
        # One character: the start of the name (a surname), as F7 finds it.
        first = name[0]
        wanted = {number for number, n, _ in rows if n.startswith(first)}
        assert _petitions(ctx, actor, first) == wanted, first
        assert wanted <= old(first)
    assert checked >= 20
    # A phone's last four digits, and a part of it.
    phones = [phone for _, _, phone in rows if phone][:: max(1, len(rows) // 10)]
    assert phones
    for phone in phones:
        digits = phone.replace("-", "")
        for term in (digits[-4:], phone[-9:], digits[-6:]):
            assert _petitions(ctx, actor, term) == old(term), term
    # A whole number, with or without 민원-, and parts of it.
    number = rows[len(rows) // 2][0]
    assert _petitions(ctx, actor, number) == {number}
    assert _petitions(ctx, actor, number.removeprefix("민원-")) == {number}
    for part in (number[-9:], number[-4:], number[3:11], number[-2:], "민원-2026"):
        assert _petitions(ctx, actor, part) == old(part), part
    # Nothing that means something to LIKE or to FTS5 finds everyone.
    for term in ("%", "_", '"', "OR", "민원%"):
        assert _petitions(ctx, actor, term) == old(term), term


def test_family_search_means_what_it_meant(office: tuple[Any, Any]) -> None:
    ctx, actor = office
    filings = dict(_rows(ctx, "SELECT id, number FROM family_filings"))
    subjects = dict(_rows(ctx, "SELECT id, subject_name FROM family_filings"))
    parties: dict[int, list[str]] = {}
    for filing_id, name in _rows(ctx, "SELECT filing_id, name FROM family_filing_parties"):
        parties.setdefault(filing_id, []).append(name)
    assert len(filings) > 20

    def named(test: Any) -> set[str]:
        return {
            number for fid, number in filings.items() if any(test(n) for n in [subjects[fid], *parties.get(fid, [])])
        }

    names = sorted({subjects[f] for f in filings} | {n for ns in parties.values() for n in ns})
    assert all(len(n) <= 3 for n in names)
    for name in names[:: max(1, len(names) // 12)]:
        for term in {name, name[1:], name[:2]}:
            if len(term) >= 2:
                assert _filings(ctx, actor, term) == named(lambda n, t=term: t in n), term
        # One character is no trigram: found anywhere in the name, as before.
        assert _filings(ctx, actor, name[-1]) == named(lambda n, t=name[-1]: t in n)
    number = sorted(filings.values())[len(filings) // 2]
    assert _filings(ctx, actor, number) == {number}
    for part in (number[-6:], number[-3:], number[:7], number[-2:]):
        assert _filings(ctx, actor, part) == {n for n in filings.values() if part in n}, part
    assert _filings(ctx, actor, "%") == set()


def test_the_indexes_follow_the_writes(office: tuple[Any, Any]) -> None:
    from db.models_family import FamilyFiling, FamilyFilingParty
    from db.models_petitions import Petition

    ctx, actor = office
    with ctx.db.engine.begin() as conn:
        petition_id, number = conn.execute(sa.select(Petition.id, Petition.number).limit(1)).one()
        conn.execute(sa.update(Petition).where(Petition.id == petition_id).values(contact_phone="010-4242-9753"))
        filing_id, filing_number = conn.execute(sa.select(FamilyFiling.id, FamilyFiling.number).limit(1)).one()
        conn.execute(sa.update(FamilyFiling).where(FamilyFiling.id == filing_id).values(subject_name="탁새봄"))
        party_id = conn.execute(
            sa.select(FamilyFilingParty.id).where(FamilyFilingParty.filing_id == filing_id).limit(1)
        ).scalar_one()
        conn.execute(sa.update(FamilyFilingParty).where(FamilyFilingParty.id == party_id).values(name="봉하늘"))
        conn.execute(sa.insert(FamilyFilingParty).values(filing_id=filing_id, position=9, role="증인 2", name="편누리"))
    assert _petitions(ctx, actor, "9753") == {number}
    assert _petitions(ctx, actor, "42429753") == {number}
    assert _filings(ctx, actor, "탁새봄") == {filing_number}
    assert _filings(ctx, actor, "새봄") == {filing_number}
    assert _filings(ctx, actor, "봉하늘") == {filing_number}
    assert _filings(ctx, actor, "편누리") == {filing_number}
    with ctx.db.engine.begin() as conn:
        conn.execute(sa.update(Petition).where(Petition.id == petition_id).values(contact_phone=""))
        conn.execute(sa.delete(FamilyFilingParty).where(FamilyFilingParty.name == "편누리"))
    assert _petitions(ctx, actor, "9753") == set()
    assert _filings(ctx, actor, "편누리") == set()
    assert _filings(ctx, actor, "봉하늘") == {filing_number}


def test_a_passport_application_by_its_whole_number(office: tuple[Any, Any]) -> None:
    from app.services.errors import NotFound, ValidationError
    from app.services.passports.queries import application_number, find_application

    ctx, actor = office
    (number,) = _rows(ctx, "SELECT number FROM passport_applications ORDER BY id LIMIT 1")[0]
    assert application_number(number.lower().replace("-", "")) == number
    view = find_application(ctx.db.uow(), actor, number=f" {number} ")
    assert view.number == number
    logged = _rows(ctx, "SELECT action, record_id FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert logged == ("passport.read", number)
    with pytest.raises(NotFound, match="찾을 수 없습니다"):
        find_application(ctx.db.uow(), actor, number="P19990101-9999")
    with pytest.raises(ValidationError, match="P20261125-0001처럼"):
        find_application(ctx.db.uow(), actor, number="홍길동")
