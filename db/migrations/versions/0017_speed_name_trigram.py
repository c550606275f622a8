"""F7 by part of a name and by the phone's last digits on a real index (issue 17); ``db/name_search.py`` asks.

Names and phones of applicants are kept in clear (the resident number alone is encrypted), so they can be
indexed:

- SQLite: ``applicants_fts``, a contentless FTS5 table with the ``trigram`` tokenizer (SQLite 3.34 or later)
  over ``'^' || name || '$'`` and ``'^' || the phone's digits || '$'`` (the marks make a two-character start or
  end of a name, and the last four digits of a phone, a trigram look-up), rowid = the applicant's id, filled
  from the rows there are and kept in step by triggers (insert; update of name or phone; delete).
- PostgreSQL: the ``pg_trgm`` extension (trusted: the owner role may create it where it has CREATE on the
  database; else a superuser creates it once, ``docs/postgres-roles.sql``), a GIN ``gin_trgm_ops`` index on the
  name, and a B-tree on the last four digits of the phone.

Revision ID: 0017_speed_name_trigram
Revises: 0015_speed_indexes
"""

from __future__ import annotations

from alembic import op

revision = "0017_speed_name_trigram"
down_revision = "0015_speed_indexes"
branch_labels = None
depends_on = None

FTS = "applicants_fts"
# The phone's digits: what the validation lets through besides them is hyphens, spaces and a leading "+".
SQLITE_DIGITS = "replace(replace(replace({}.phone, '-', ''), ' ', ''), '+', '')"
PG_PHONE_TAIL = "right(replace(replace(applicants.phone, '-', ''), ' ', ''), 4)"


def _values(row: str) -> str:
    return f"'^' || {row}.name || '$', '^' || {SQLITE_DIGITS.format(row)} || '$'"


def _sqlite_upgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, phone, content='', tokenize='trigram')")
    op.execute(f"INSERT INTO {FTS} (rowid, name, phone) SELECT id, {_values('applicants')} FROM applicants")
    # A contentless table forgets a row only when told its indexed values again ('delete' with the old ones).
    forget = f"INSERT INTO {FTS} ({FTS}, rowid, name, phone) VALUES ('delete', old.id, {_values('old')});"
    learn = f"INSERT INTO {FTS} (rowid, name, phone) VALUES (new.id, {_values('new')});"
    op.execute(f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON applicants BEGIN {learn} END")
    op.execute(f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON applicants BEGIN {forget} END")
    op.execute(f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF name, phone ON applicants BEGIN {forget} {learn} END")


def _postgresql_upgrade() -> None:
    bind = op.get_bind()
    present = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").scalar()
    if not present:
        allowed = bind.exec_driver_sql(
            "SELECT has_database_privilege(current_database(), 'CREATE') "
            "OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
        ).scalar()
        if not allowed:
            raise RuntimeError(
                "PostgreSQL 확장 pg_trgm이 없고 이 역할로는 만들 수 없습니다. 서버 관리자(superuser)가 이 "
                "데이터베이스에서 'CREATE EXTENSION pg_trgm;'을 한 번 실행한 뒤 다시 --migrate 하세요 "
                "(docs/postgres-roles.sql)."
            )
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_applicants_name_trgm ON applicants USING gin (name gin_trgm_ops)")
    op.execute(f"CREATE INDEX ix_applicants_phone_tail ON applicants (({PG_PHONE_TAIL}))")
    op.execute("ANALYZE applicants")  # the expression index gets its own statistics


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_applicants_phone_tail")
        op.execute("DROP INDEX IF EXISTS ix_applicants_name_trgm")
        return  # pg_trgm stays: other databases' objects or a superuser's choice may rely on it
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS}")
