"""The F7 look-ups by part of a name and by the last digits of a phone, on each database's own index (issue 17).

Names and phones of applicants are kept in clear (only the resident number is encrypted, with its keyed hash
for the look-up), so both can carry a text index; migration ``0017_speed_name_trigram`` builds them:

- **SQLite**: ``applicants_fts``, a contentless FTS5 table with the ``trigram`` tokenizer over the name and the
  phone's digits, each written between the marks ``^`` and ``$`` (start and end), kept in step by triggers on
  ``applicants`` (insert, update of name or phone, delete); its rowid is the applicant's id.
- **PostgreSQL**: ``pg_trgm`` and a GIN ``gin_trgm_ops`` index on the name (``LIKE``/``ILIKE`` read it), and a
  B-tree on the expression "last four digits of the phone".

A trigram index finds any part of three characters or more. Shorter parts cannot be trigrams by themselves:

- two characters (a given name "길동" of 홍길동, a surname and the first syllable "홍길") are looked up at the
  start or the end of the name, where the mark (SQLite) or pg_trgm's word padding (PostgreSQL) makes them a
  trigram: "^길동" / "길동$"; "길동" in the middle of a name of four or more is not found;
- one character (a surname) is a prefix search on the plain name index ``ix_applicants_name`` (a range both
  databases walk in name order, so the first page is read and nothing more).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, or_, select, text, union_all

from db.models import Applicant

FTS_TABLE = "applicants_fts"
TRIGRAM_INDEX = "ix_applicants_name_trgm"
PHONE_TAIL_INDEX = "ix_applicants_phone_tail"
# The list searches' own tables and indexes (0020): what is stored outside ``applicants``.
PETITIONS_FTS = "petitions_fts"
FAMILY_FTS = "family_names_fts"
LIST_TRIGRAM_INDEXES = (
    "ix_petitions_number_trgm",
    "ix_petitions_contact_trgm",
    "ix_family_filings_number_trgm",
    "ix_family_filings_subject_trgm",
    "ix_family_filing_parties_name_trgm",
)
# What the models do not declare (built by 0017 and 0020 for one database each): the migrations-match-models test
# skips them.
SEARCH_OBJECTS = frozenset(
    {TRIGRAM_INDEX, PHONE_TAIL_INDEX, *LIST_TRIGRAM_INDEXES}
    | {
        f"{table}{shadow}"
        for table in (FTS_TABLE, PETITIONS_FTS, FAMILY_FTS)
        for shadow in ("", "_data", "_idx", "_docsize", "_config", "_content")
    }
)
# The contact phone's digits as 0020 indexes them on PostgreSQL (written exactly so in the query).
PG_CONTACT_DIGITS = "replace(replace(petitions.contact_phone, '-', ''), ' ', '')"
# PostgreSQL's indexed expression, written exactly so in the query (constants inline, not bound: an index on an
# expression serves only the same expression).
PG_PHONE_TAIL = "right(replace(replace(applicants.phone, '-', ''), ' ', ''), 4)"
TAIL_DIGITS = 4
PREFIX_WINDOW = 200  # four pages of F7's 50


def _phrase(value: str) -> str:
    """An FTS5 phrase: in double quotes, a quote inside doubled (so no character of a name is FTS syntax)."""
    return '"' + value.replace('"', '""') + '"'


def _escape_like(value: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", value)


def _fts_ids(match: str, table: str = FTS_TABLE) -> Any:
    return (
        select(literal_column("rowid"))
        .select_from(text(table))
        .where(text(f"{table} MATCH :fts_query").bindparams(bindparam("fts_query", match, unique=True)))
    )


def _prefix_range(name: str) -> ColumnElement[bool]:
    # The range lets both databases walk the name index (SQLite's LIKE is case-blind and cannot; nor can
    # PostgreSQL's outside the C collation); the LIKE keeps the answer exact whatever the collation.
    return and_(
        Applicant.name >= name,
        Applicant.name < name[:-1] + chr(ord(name[-1]) + 1),
        Applicant.name.startswith(name, autoescape=True),
    )


def _literal(name: str, value: Any) -> Any:
    return bindparam(name, value, unique=True, literal_execute=True)


def _pg_prefix(name: str) -> ColumnElement[bool]:
    # PostgreSQL: with the LIKE beside the range the planner multiplies two guesses, reads every name of the
    # range through both indexes and sorts them (a fifth of all applicants for "김"); the range alone walks the
    # name index in order and stops. So: the first PREFIX_WINDOW names of the range by the index, and of those
    # the ones that really start with it (under a linguistic collation a range may hold a few that do not).
    # Literals, not parameters, for the reason of ``_ilike``.
    window = (
        select(Applicant.id)
        .where(
            Applicant.name >= _literal("prefix_low", name), Applicant.name < _literal("prefix_high", chr(ord(name) + 1))
        )
        .order_by(Applicant.name)
        .limit(_literal("prefix_window", PREFIX_WINDOW))
    )
    return and_(Applicant.id.in_(window), func.starts_with(Applicant.name, _literal("prefix", name)))


def name_condition(dialect: str, name: str) -> ColumnElement[bool]:
    """The WHERE clause for applicants whose name contains ``name`` (see the module text for 1–2 characters)."""
    if len(name) == 1:
        return _prefix_range(name) if dialect == "sqlite" else _pg_prefix(name)
    if dialect == "sqlite":
        if len(name) == 2:
            match = f"name : {_phrase('^' + name)} OR name : {_phrase(name + '$')}"
        else:
            match = f"name : {_phrase(name)}"
        return Applicant.id.in_(_fts_ids(match))
    like = _escape_like(name)
    if len(name) == 2:
        # pg_trgm pads the start and the end of a pattern without a wildcard: "  길", " 길동" / "길동 " are trigrams.
        return or_(_ilike(like + "%"), _ilike("%" + like))
    return _ilike("%" + like + "%")


def _ilike(pattern: str) -> ColumnElement[bool]:
    # The pattern goes into the statement as a quoted literal, not a server-side parameter: psycopg prepares a
    # statement run five times, and after five more PostgreSQL may keep a generic plan, which cannot know the
    # trigrams of an unknown pattern and walks the whole name index instead (measured: 5 ms -> 165 ms a year).
    return Applicant.name.ilike(_literal("name_pattern", pattern), escape="\\")


def literal_limit(limit: int) -> Any:
    """The page size as a literal too: a generic plan with ``LIMIT $1`` guesses a tenth of the table and walks the
    name index in order, filtering every row (185 ms on a year) instead of the trigram index (4 ms)."""
    return _literal("search_limit", int(limit))


def phone_tail_condition(dialect: str, digits: str) -> ColumnElement[bool]:
    """Applicants whose phone ends with ``digits`` (the last four, hyphens and spaces ignored)."""
    if dialect == "sqlite":
        match = f"phone : {_phrase(digits + '$')}"
        return Applicant.id.in_(_fts_ids(match))
    return literal_column(PG_PHONE_TAIL) == digits


# The list searches (issue 17): the petition list's and the family-filing list's boxes. Unlike F7 these lists are
# in their own order (deadline, newest first), so no name-ordered window: the condition alone.

TRIGRAM = 3  # the shortest part a trigram index finds anywhere in a text


def applicant_name_ids(dialect: str, name: str) -> Any:
    """The ids of applicants whose name contains ``name`` (F7's indexes; one character: the names that start
    with it, on the name index; two: at the start or the end of the name), for a list that joins by them."""
    if len(name) == 1:
        return select(Applicant.id).where(_prefix_range(name))
    return select(Applicant.id).where(name_condition(dialect, name))


def petition_number_phone_ids(dialect: str, part: str, digits: str | None) -> Any:
    """Petitions whose number contains ``part`` (three characters or more) or, when ``digits`` are given (four
    or more), whose contact phone's digits contain them: ``petitions_fts`` / the pg_trgm indexes of 0020."""
    from db.models_petitions import Petition

    if dialect == "sqlite":
        phrases = [f"number : {_phrase(part)}"] if len(part) >= TRIGRAM else []
        if digits:
            phrases.append(f"phone : {_phrase(digits)}")
        return select(Petition.id).where(Petition.id.in_(_fts_ids(" OR ".join(phrases), PETITIONS_FTS)))
    conditions = []
    if len(part) >= TRIGRAM:
        conditions.append(
            Petition.number.ilike(_literal("number_pattern", "%" + _escape_like(part) + "%"), escape="\\")
        )
    if digits:
        conditions.append(literal_column(PG_CONTACT_DIGITS).like(_literal("phone_pattern", "%" + digits + "%")))
    return select(Petition.id).where(or_(*conditions))


def filing_number_ids(dialect: str, part: str) -> Any:
    """Family filings whose number contains ``part`` (three characters or more)."""
    from db.models_family import FamilyFiling

    if dialect == "sqlite":
        return _fts_ids(f"number : {_phrase(part)}", FAMILY_FTS)
    pattern = _literal("number_pattern", "%" + _escape_like(part) + "%")
    return select(FamilyFiling.id).where(FamilyFiling.number.ilike(pattern, escape="\\"))


def filing_name_ids(dialect: str, name: str) -> Any:
    """Family filings whose subject's name or one of whose parties' names contains ``name`` (two characters: at
    the start or the end of the name, as F7; three or more: anywhere). One character is no trigram: the caller
    walks the list in its order instead."""
    from db.models_family import FamilyFiling, FamilyFilingParty

    if dialect == "sqlite":
        if len(name) == 2:
            phrases = [
                f"{column} : {_phrase(p)}" for column in ("subject", "parties") for p in ("^" + name, name + "$")
            ]
        else:
            phrases = [f"{column} : {_phrase(name)}" for column in ("subject", "parties")]
        return _fts_ids(" OR ".join(phrases), FAMILY_FTS)
    like = _escape_like(name)
    patterns = [like + "%", "%" + like] if len(name) == 2 else ["%" + like + "%"]

    def matches(column: Any) -> ColumnElement[bool]:
        return or_(*(column.ilike(_literal("name_pattern", p), escape="\\") for p in patterns))

    return union_all(
        select(FamilyFiling.id).where(matches(FamilyFiling.subject_name)),
        select(FamilyFilingParty.filing_id).where(matches(FamilyFilingParty.name)),
    )
