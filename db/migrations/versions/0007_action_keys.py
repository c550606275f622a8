"""Client ids of actions on existing records (a retried void or result is answered, not refused), and
receipt corrections: a void of a closed day's receipt is a correction on an open day pointing to it.

Revision ID: 0007_action_keys
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_action_keys"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_action_keys_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_keys")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_keys_uuid")),
    )


    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN in place: a batch rebuild would drop the table, and with foreign keys on that deletes
        # every receipt line (ON DELETE CASCADE).
        op.execute("ALTER TABLE receipts ADD COLUMN corrects_id INTEGER REFERENCES receipts (id)")
    else:
        op.add_column("receipts", sa.Column("corrects_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_receipts_corrects_id_receipts"), "receipts", "receipts", ["corrects_id"], ["id"])
    op.create_index(op.f("ix_receipts_corrects_id"), "receipts", ["corrects_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_receipts_corrects_id"), table_name="receipts")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE receipts DROP COLUMN corrects_id")
    else:
        op.drop_constraint(op.f("fk_receipts_corrects_id_receipts"), "receipts", type_="foreignkey")
        op.drop_column("receipts", "corrects_id")
    op.drop_table("action_keys")
