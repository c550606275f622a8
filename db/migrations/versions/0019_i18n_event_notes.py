"""What a petition history note is made of (issue 16): ``note_args`` = {"template": msgid, "params": {...}}, so
the history shows the note in the screen's language. ``note`` keeps the Korean text (audit, documents, old rows);
rows without ``note_args`` show ``note`` as stored.

Revision ID: 0019_i18n_event_notes
Revises: 0018_speed_report_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_i18n_event_notes"
down_revision = "0018_speed_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petition_events") as batch:
        batch.add_column(sa.Column("note_args", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("petition_events") as batch:
        batch.drop_column("note_args")
