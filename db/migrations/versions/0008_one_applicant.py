"""One person, one applicant: merge applicants that share a resident number's keyed hash, then make it unique.

Every record that points to a duplicate is repointed to the oldest applicant of its number (found through
the database's own foreign keys, so a feature's table is not forgotten); the duplicates are then removed.

Revision ID: 0008_one_applicant
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_one_applicant"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def _referencing_columns(bind: sa.Connection) -> list[tuple[str, str]]:
    inspector = sa.inspect(bind)
    found: list[tuple[str, str]] = []
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] == "applicants" and fk["referred_columns"] == ["id"]:
                found.extend((table, column) for column in fk["constrained_columns"])
    return found


def merge_duplicate_applicants(bind: sa.Connection) -> int:
    """Repoint every reference to the oldest applicant of each keyed hash; returns how many were merged."""
    duplicates = bind.execute(
        sa.text(
            "SELECT a.id, k.keep FROM applicants a JOIN "
            "(SELECT rrn_hmac, MIN(id) AS keep FROM applicants WHERE rrn_hmac IS NOT NULL "
            " GROUP BY rrn_hmac HAVING COUNT(*) > 1) k ON a.rrn_hmac = k.rrn_hmac WHERE a.id <> k.keep"
        )
    ).all()
    if not duplicates:
        return 0
    references = _referencing_columns(bind)
    for duplicate, keep in duplicates:
        for table, column in references:
            bind.execute(
                sa.text(f'UPDATE "{table}" SET "{column}" = :keep WHERE "{column}" = :dup'),
                {"keep": keep, "dup": duplicate},
            )
        bind.execute(sa.text("DELETE FROM applicants WHERE id = :dup"), {"dup": duplicate})
    return len(duplicates)


def upgrade() -> None:
    merge_duplicate_applicants(op.get_bind())
    op.drop_index("ix_applicants_rrn_hmac", table_name="applicants")
    op.create_index("ix_applicants_rrn_hmac", "applicants", ["rrn_hmac"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_applicants_rrn_hmac", table_name="applicants")
    op.create_index("ix_applicants_rrn_hmac", "applicants", ["rrn_hmac"], unique=False)
