"""Sign-in failures per account and terminal: a stranger at one counter cannot lock an account everywhere.

Revision ID: 0010_acct_login_failures
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_acct_login_failures"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(40), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
        sa.UniqueConstraint("account_key", "terminal", name="uq_login_failures_account_key"),
    )
    op.create_index("ix_login_failures_account_key", "login_failures", ["account_key"])
    op.create_index("ix_login_failures_updated_at", "login_failures", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_updated_at", table_name="login_failures")
    op.drop_index("ix_login_failures_account_key", table_name="login_failures")
    op.drop_table("login_failures")
