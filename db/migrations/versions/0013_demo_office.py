"""A demo database says so: ``offices.demo`` is set by ``--demo``, and a counter on such a database sends
no SMS anywhere (its sample people have fictional numbers, but a PC set up for real sending must still
never pass them on).

Revision ID: 0013_demo_office
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_demo_office"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN in place on both databases (a SQLite batch rebuild of offices would cascade).
    op.add_column("offices", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.drop_column("demo")
