"""Receipts printed for real: how often each was printed (재발행 n회), and the payment's card approval number
and, for cash, the amount received (the change is received minus the amount).

Revision ID: 0011_print_receipts
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_print_receipts"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("receipts") as batch:
        batch.add_column(sa.Column("print_count", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("received", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("approval_no", sa.String(length=40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("approval_no")
        batch.drop_column("received")
    with op.batch_alter_table("receipts") as batch:
        batch.drop_column("print_count")
