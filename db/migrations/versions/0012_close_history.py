"""The close history of a day (마감 이력): closes with their cash count and difference, and reopens with a reason.

Every close already on file becomes the first step of its day's history.

Revision ID: 0012_close_history
Revises: 0002_dayclose
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0012_close_history"
down_revision = "0002_dayclose"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_close_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("cash", sa.BigInteger(), nullable=False),
        sa.Column("card", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("counted_cash", sa.BigInteger(), nullable=True),
        sa.Column("cash_difference", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_day_close_events_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_users.id"], name=op.f("fk_day_close_events_actor_id_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_close_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_day_close_events_uuid")),
        sa.UniqueConstraint("office_id", "business_day", "sequence", name=op.f("uq_day_close_events_office_id")),
    )
    op.create_index("ix_day_close_events_office_day", "day_close_events", ["office_id", "business_day"])
    # Copied in SQL (the stored times stay as each engine keeps them); a fresh uuid for each row.
    bind = op.get_bind()
    copy = sa.text(
        "INSERT INTO day_close_events (uuid, office_id, business_day, sequence, action, at, actor_id, receipts, "
        "voided, cash, card, total, counted_cash, cash_difference, note) "
        "SELECT :uuid, office_id, business_day, 1, 'close', closed_at, closed_by, receipts, voided, cash, card, "
        "total, counted_cash, counted_cash - cash, note FROM day_closes WHERE id = :id"
    ).bindparams(sa.bindparam("uuid", type_=sa.Uuid()))
    for (close_id,) in bind.execute(sa.text("SELECT id FROM day_closes ORDER BY id")).all():
        bind.execute(copy, {"uuid": uuid.uuid4(), "id": close_id})


def downgrade() -> None:
    op.drop_index("ix_day_close_events_office_day", table_name="day_close_events")
    op.drop_table("day_close_events")
