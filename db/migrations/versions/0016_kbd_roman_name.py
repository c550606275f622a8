"""로마자 성명 of a passport application (as on the old passport, or the standard romanisation).

Revision ID: 0016_kbd_roman_name
Revises: 0005_passport
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_kbd_roman_name"
down_revision = "0005_passport"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("passport_applications") as batch:
        batch.add_column(sa.Column("roman_name", sa.String(80), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("passport_applications") as batch:
        batch.drop_column("roman_name")
