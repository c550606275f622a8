"""Indexes for the office's report tables by period (issue 17): petitions and passports received in a period,
surveys queued in a period — each otherwise a scan of ten years to count one month.

Revision ID: 0018_speed_report_indexes
Revises: 0003_petitions, 0005_passport
"""

from __future__ import annotations

from alembic import op

revision = "0018_speed_report_indexes"
down_revision = ("0003_petitions", "0005_passport")
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_petitions_office_received", "petitions", ["office_id", "received_at"]),
    ("ix_passport_applications_office_received", "passport_applications", ["office_id", "received_at"]),
    ("ix_petition_surveys_office_queued", "petition_surveys", ["office_id", "queued_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE petitions, passport_applications, petition_surveys")


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
