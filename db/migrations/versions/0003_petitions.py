"""Certificates issued, time-limited petitions with pauses, extensions, transfers and history, office
closures, overdue notices to departments and the satisfaction survey.

Revision ID: 0003_petitions
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_petitions"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_users.id"], name=op.f("fk_office_closures_created_by_staff_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_office_closures_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_closures")),
        sa.UniqueConstraint("office_id", "day", name=op.f("uq_office_closures_office_id")),
    )
    op.create_table(
        "petition_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("within_days", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=False),
        sa.Column("petition_count", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_petition_notices_office_id_offices")),
        sa.ForeignKeyConstraint(["sent_by"], ["staff_users.id"], name=op.f("fk_petition_notices_sent_by_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_notices")),
        sa.UniqueConstraint("uuid", name=op.f("uq_petition_notices_uuid")),
    )
    op.create_index(op.f("ix_petition_notices_batch"), "petition_notices", ["batch"], unique=False)
    op.create_index("ix_petition_notices_office_sent", "petition_notices", ["office_id", "sent_at"], unique=False)
    op.create_table(
        "petitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("type_code", sa.String(length=60), nullable=False),
        sa.Column("type_name", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extension_count", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_reason", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notice_method", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=40), nullable=False),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name=op.f("fk_petitions_applicant_id_applicants")),
        sa.ForeignKeyConstraint(["clerk_id"], ["staff_users.id"], name=op.f("fk_petitions_clerk_id_staff_users")),
        sa.ForeignKeyConstraint(["decided_by"], ["staff_users.id"], name=op.f("fk_petitions_decided_by_staff_users")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_petitions_office_id_offices")),
        sa.ForeignKeyConstraint(["terminal_id"], ["terminals.id"], name=op.f("fk_petitions_terminal_id_terminals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_petitions_office_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_petitions_uuid")),
    )
    op.create_index("ix_petitions_department", "petitions", ["department"], unique=False)
    op.create_index("ix_petitions_office_status_due", "petitions", ["office_id", "status", "due_at"], unique=False)
    op.create_table(
        "certificate_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_certificate_issues_applicant_id_applicants")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["staff_users.id"], name=op.f("fk_certificate_issues_clerk_id_staff_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_certificate_issues_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipts.id"], name=op.f("fk_certificate_issues_receipt_id_receipts")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_certificate_issues_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_issues")),
        sa.UniqueConstraint("uuid", name=op.f("uq_certificate_issues_uuid")),
    )
    op.create_index(
        "ix_certificate_issues_office_issued", "certificate_issues", ["office_id", "issued_at"], unique=False
    )
    op.create_table(
        "petition_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=False),
        sa.Column("to_status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["staff_users.id"], name=op.f("fk_petition_events_actor_id_staff_users")),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_petition_events_petition_id_petitions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_petition_events_uuid")),
    )
    op.create_index(op.f("ix_petition_events_petition_id"), "petition_events", ["petition_id"], unique=False)
    op.create_table(
        "petition_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("due_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_method", sa.String(length=10), nullable=False),
        sa.Column("notice_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("consent_note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_users.id"], name=op.f("fk_petition_extensions_actor_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_extensions_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_extensions")),
    )
    op.create_index(op.f("ix_petition_extensions_petition_id"), "petition_extensions", ["petition_id"], unique=False)
    op.create_table(
        "petition_notice_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["petition_notices.id"],
            name=op.f("fk_petition_notice_items_notice_id_petition_notices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_petition_notice_items_petition_id_petitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_notice_items")),
    )
    op.create_index(op.f("ix_petition_notice_items_notice_id"), "petition_notice_items", ["notice_id"], unique=False)
    op.create_index(
        op.f("ix_petition_notice_items_petition_id"), "petition_notice_items", ["petition_id"], unique=False
    )
    op.create_table(
        "petition_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("supplement_due_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("resumed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_petition_pauses_petition_id_petitions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["staff_users.id"], name=op.f("fk_petition_pauses_requested_by_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["resumed_by"], ["staff_users.id"], name=op.f("fk_petition_pauses_resumed_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_pauses")),
    )
    op.create_index(op.f("ix_petition_pauses_petition_id"), "petition_pauses", ["petition_id"], unique=False)
    op.create_table(
        "petition_status_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_users.id"], name=op.f("fk_petition_status_notices_actor_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_status_notices_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_status_notices")),
        sa.UniqueConstraint("petition_id", "due_on", name=op.f("uq_petition_status_notices_petition_id")),
    )
    op.create_table(
        "petition_surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sms_message_id", sa.Integer(), nullable=True),
        sa.Column("sms_enqueued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ars_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kindness", sa.Integer(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_petition_surveys_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_petition_surveys_petition_id_petitions")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["staff_users.id"], name=op.f("fk_petition_surveys_recorded_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_surveys")),
        sa.UniqueConstraint("petition_id", name=op.f("uq_petition_surveys_petition_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_petition_surveys_uuid")),
    )
    op.create_table(
        "petition_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_department", sa.String(length=60), nullable=False),
        sa.Column("to_department", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_users.id"], name=op.f("fk_petition_transfers_actor_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_transfers_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_transfers")),
    )
    op.create_index(op.f("ix_petition_transfers_petition_id"), "petition_transfers", ["petition_id"], unique=False)
    op.create_table(
        "certificate_issue_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind_code", sa.String(length=40), nullable=False),
        sa.Column("kind_name", sa.String(length=60), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("unit_fee", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("exemption_code", sa.String(length=40), nullable=False),
        sa.Column("exemption_label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["certificate_issues.id"],
            name=op.f("fk_certificate_issue_lines_issue_id_certificate_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_issue_lines")),
    )
    op.create_index(op.f("ix_certificate_issue_lines_issue_id"), "certificate_issue_lines", ["issue_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_certificate_issue_lines_issue_id"), table_name="certificate_issue_lines")
    op.drop_table("certificate_issue_lines")
    op.drop_index(op.f("ix_petition_transfers_petition_id"), table_name="petition_transfers")
    op.drop_table("petition_transfers")
    op.drop_table("petition_surveys")
    op.drop_table("petition_status_notices")
    op.drop_index(op.f("ix_petition_pauses_petition_id"), table_name="petition_pauses")
    op.drop_table("petition_pauses")
    op.drop_index(op.f("ix_petition_notice_items_notice_id"), table_name="petition_notice_items")
    op.drop_index(op.f("ix_petition_notice_items_petition_id"), table_name="petition_notice_items")
    op.drop_table("petition_notice_items")
    op.drop_index(op.f("ix_petition_extensions_petition_id"), table_name="petition_extensions")
    op.drop_table("petition_extensions")
    op.drop_index(op.f("ix_petition_events_petition_id"), table_name="petition_events")
    op.drop_table("petition_events")
    op.drop_index("ix_certificate_issues_office_issued", table_name="certificate_issues")
    op.drop_table("certificate_issues")
    op.drop_index("ix_petitions_department", table_name="petitions")
    op.drop_index("ix_petitions_office_status_due", table_name="petitions")
    op.drop_table("petitions")
    op.drop_index(op.f("ix_petition_notices_batch"), table_name="petition_notices")
    op.drop_index("ix_petition_notices_office_sent", table_name="petition_notices")
    op.drop_table("petition_notices")
    op.drop_table("office_closures")
