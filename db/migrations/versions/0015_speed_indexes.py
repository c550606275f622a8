"""Indexes for ten years of records at counter speed (issue 17), then the planner's statistics.

Each index serves a screen that otherwise reads a whole table (``tests/db/test_query_plans.py`` reads the
plans): the F7 name search (applicants by name), the petition list of every status by deadline, the family
filing list newest first (also by kind and by status), today's delivered passports and the emergency board,
the access-log search by user or action, and the SMS list of one record. Then the planner's statistics
(``ANALYZE``; on SQLite ``db.engine.migrate`` does it after the upgrade): without them SQLite guesses, and
guessed wrong for a day's receipts (every receipt read, issue 17).

Revision ID: 0015_speed_indexes
Revises: 0003_petitions, 0004_family, 0005_passport, 0006_outbox
"""

from __future__ import annotations

from alembic import op

revision = "0015_speed_indexes"
down_revision = ("0003_petitions", "0004_family", "0005_passport", "0006_outbox")
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_applicants_name", "applicants", ["name"]),
    ("ix_petitions_office_due", "petitions", ["office_id", "due_at"]),
    ("ix_family_filings_office_received", "family_filings", ["office_id", "received_at"]),
    ("ix_family_filings_office_kind_received", "family_filings", ["office_id", "kind", "received_at"]),
    ("ix_family_filings_office_status_received", "family_filings", ["office_id", "status", "received_at"]),
    ("ix_passport_applications_office_delivered", "passport_applications", ["office_id", "delivered_at"]),
    ("ix_passport_applications_office_emergency", "passport_applications", ["office_id", "emergency", "status"]),
    ("ix_audit_log_username_at", "audit_log", ["username", "at"]),
    ("ix_audit_log_action_at", "audit_log", ["action", "at"]),
    ("ix_outbox_messages_record", "outbox_messages", ["record_type", "record_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE")  # SQLite: db.engine.migrate gathers the statistics after every upgrade


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
