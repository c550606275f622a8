"""The reason of a decision (처분의 이유), printed on the 처리결과 통지서 of a refusal.

Revision ID: 0012_close_decision_reason
Revises: 0003_petitions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_close_decision_reason"
down_revision = "0003_petitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.add_column(sa.Column("decision_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("petitions") as batch:
        batch.drop_column("decision_reason")
