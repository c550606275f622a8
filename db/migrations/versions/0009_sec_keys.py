"""Fingerprints of the resident-number keys and the progress of a key rotation (issue 12).

Revision ID: 0009_sec_keys
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_sec_keys"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pii_keys",
        sa.Column("key_id", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_pii_keys")),
    )
    op.create_table(
        "pii_key_rotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("old_key_id", sa.String(length=12), nullable=False),
        sa.Column("new_key_id", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.String(length=80), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pii_key_rotations")),
    )


def downgrade() -> None:
    op.drop_table("pii_key_rotations")
    op.drop_table("pii_keys")
