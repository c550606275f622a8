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

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, or_, select, text

from db.models import Applicant

FTS_TABLE = "applicants_fts"
TRIGRAM_INDEX = "ix_applicants_name_trgm"
PHONE_TAIL_INDEX = "ix_applicants_phone_tail"
# What the models do not declare (built by 0017 for one database each): the migrations-match-models test skips them.
SEARCH_OBJECTS = frozenset(
    {TRIGRAM_INDEX, PHONE_TAIL_INDEX, FTS_TABLE}
    | {f"{FTS_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config", "content")}
)
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


def _fts_ids(match: str) -> Any:
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=match))
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
