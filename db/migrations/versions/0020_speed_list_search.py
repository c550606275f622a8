"""The petition list's and the family-filing list's search boxes on a real index (issue 17); ``db/name_search.py``
asks. F7's indexes (0017) serve the applicant's name; what is stored outside ``applicants`` gets its own:

- SQLite: two contentless FTS5 tables with the ``trigram`` tokenizer, kept in step by triggers like
  ``applicants_fts``:
  ``petitions_fts`` (rowid = the petition's id) over the number and ``'^' || the contact phone's digits || '$'``;
  ``family_names_fts`` (rowid = the filing's id) over the number, ``'^' || subject_name || '$'`` and the
  party names (each between ``^`` and ``$``, separated by a space), rebuilt for a filing when one of its parties
  changes.
- PostgreSQL: GIN ``gin_trgm_ops`` indexes on petitions.number, on the contact phone's digits, on
  family_filings.number, family_filings.subject_name and family_filing_parties.name.
- Both: ``ix_petitions_applicant`` (a petition by its applicant: the name found in ``applicants``, then the
  petitions).

Revision ID: 0020_speed_list_search
Revises: 0017_speed_name_trigram, 0019_i18n_event_notes
"""

from __future__ import annotations

from alembic import op

revision = "0020_speed_list_search"
down_revision = ("0017_speed_name_trigram", "0019_i18n_event_notes")  # pg_trgm (0017), the family tables
branch_labels = None
depends_on = None

PETITIONS_FTS = "petitions_fts"
FAMILY_FTS = "family_names_fts"
SQLITE_DIGITS = "replace(replace(replace({}.contact_phone, '-', ''), ' ', ''), '+', '')"
PG_CONTACT_DIGITS = "replace(replace(contact_phone, '-', ''), ' ', '')"
PG_TRIGRAM = {
    "ix_petitions_number_trgm": "petitions USING gin (number gin_trgm_ops)",
    "ix_petitions_contact_trgm": f"petitions USING gin (({PG_CONTACT_DIGITS}) gin_trgm_ops)",
    "ix_family_filings_number_trgm": "family_filings USING gin (number gin_trgm_ops)",
    "ix_family_filings_subject_trgm": "family_filings USING gin (subject_name gin_trgm_ops)",
    "ix_family_filing_parties_name_trgm": "family_filing_parties USING gin (name gin_trgm_ops)",
}


def _petition_values(row: str) -> str:
    return f"{row}.number, '^' || {SQLITE_DIGITS.format(row)} || '$'"


def _parties(filing_id: str) -> str:
    return (
        "coalesce((SELECT group_concat('^' || p.name || '$', ' ') FROM family_filing_parties p "
        f"WHERE p.filing_id = {filing_id}), '')"
    )


def _family_values(row: str) -> str:
    return f"{row}.number, '^' || {row}.subject_name || '$', {_parties(row + '.id')}"


def _sqlite_upgrade() -> None:
    fts = PETITIONS_FTS
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(number, phone, content='', tokenize='trigram')")
    op.execute(f"INSERT INTO {fts} (rowid, number, phone) SELECT id, {_petition_values('petitions')} FROM petitions")
    forget = f"INSERT INTO {fts} ({fts}, rowid, number, phone) VALUES ('delete', old.id, {_petition_values('old')});"
    learn = f"INSERT INTO {fts} (rowid, number, phone) VALUES (new.id, {_petition_values('new')});"
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON petitions BEGIN {learn} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON petitions BEGIN {forget} END")
    op.execute(
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF number, contact_phone ON petitions BEGIN {forget} {learn} END"
    )

    # The filing's row is a regular (not contentless) FTS table: its party names change while the filing's do not,
    # and a contentless one could forget a row only when told every old value again.
    fts = FAMILY_FTS
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(number, subject, parties, tokenize='trigram')")
    op.execute(
        f"INSERT INTO {fts} (rowid, number, subject, parties) SELECT id, {_family_values('f')} FROM family_filings f"
    )
    filing = (
        f"DELETE FROM {fts} WHERE rowid = {{id}}; INSERT INTO {fts} (rowid, number, subject, parties) "
        f"SELECT f.id, {_family_values('f')} FROM family_filings f WHERE f.id = {{id}};"
    )
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON family_filings BEGIN {filing.format(id='new.id')} END")
    op.execute(
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF number, subject_name ON family_filings "
        f"BEGIN {filing.format(id='new.id')} END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON family_filings BEGIN DELETE FROM {fts} WHERE rowid = old.id; END"
    )
    for when, row in (("INSERT", "new"), ("DELETE", "old")):
        op.execute(
            f"CREATE TRIGGER {fts}_party_{when.lower()} AFTER {when} ON family_filing_parties "
            f"BEGIN {filing.format(id=row + '.filing_id')} END"
        )
    op.execute(
        f"CREATE TRIGGER {fts}_party_update AFTER UPDATE OF name, filing_id ON family_filing_parties "
        f"BEGIN {filing.format(id='old.filing_id')} {filing.format(id='new.filing_id')} END"
    )


def upgrade() -> None:
    op.create_index("ix_petitions_applicant", "petitions", ["applicant_id"])
    if op.get_bind().dialect.name == "postgresql":
        for name, target in PG_TRIGRAM.items():
            op.execute(f"CREATE INDEX {name} ON {target}")
        op.execute("ANALYZE petitions")  # the expression index gets its own statistics
        return
    _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_TRIGRAM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {PETITIONS_FTS}_{trigger}")
        for trigger in ("insert", "delete", "update", "party_insert", "party_delete", "party_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {FAMILY_FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {PETITIONS_FTS}")
        op.execute(f"DROP TABLE IF EXISTS {FAMILY_FTS}")
    op.drop_index("ix_petitions_applicant", table_name="petitions")
