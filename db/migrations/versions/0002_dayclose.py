"""Day close (일일 마감).

Revision ID: 0002_dayclose
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_dayclose"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("cash", sa.BigInteger(), nullable=False),
        sa.Column("card", sa.BigInteger(), nullable=False),
        sa.Column("exempt_lines", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("counted_cash", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_day_closes_office_id_offices")),
        sa.ForeignKeyConstraint(["closed_by"], ["staff_users.id"], name=op.f("fk_day_closes_closed_by_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_day_closes_uuid")),
        sa.UniqueConstraint("office_id", "business_day", name=op.f("uq_day_closes_office_id")),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
