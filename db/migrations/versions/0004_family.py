"""Family-registration filings and the people named in them.

Revision ID: 0004_family
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_family"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "family_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("kind_name", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("subject_name", sa.String(length=60), nullable=False),
        sa.Column("subject_applicant_id", sa.Integer(), nullable=True),
        sa.Column("filer_applicant_id", sa.Integer(), nullable=False),
        sa.Column("filer_relation", sa.String(length=40), nullable=False),
        sa.Column("birth_order", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("days_late", sa.Integer(), nullable=False),
        sa.Column("estimated_fine", sa.BigInteger(), nullable=False),
        sa.Column("fine_band", sa.String(length=40), nullable=False),
        sa.Column("after_demand", sa.Boolean(), nullable=False),
        sa.Column("paid_now", sa.Boolean(), nullable=False),
        sa.Column("assessment", sa.String(length=200), nullable=False),
        sa.Column("sms_consent", sa.Boolean(), nullable=False),
        sa.Column("sms_phone", sa.String(length=40), nullable=False),
        sa.Column("sms_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processed_by", sa.Integer(), nullable=True),
        sa.Column("result_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_family_filings_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_family_filings_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(["clerk_id"], ["staff_users.id"], name=op.f("fk_family_filings_clerk_id_staff_users")),
        sa.ForeignKeyConstraint(
            ["subject_applicant_id"],
            ["applicants.id"],
            name=op.f("fk_family_filings_subject_applicant_id_applicants"),
        ),
        sa.ForeignKeyConstraint(
            ["filer_applicant_id"], ["applicants.id"], name=op.f("fk_family_filings_filer_applicant_id_applicants")
        ),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipts.id"], name=op.f("fk_family_filings_receipt_id_receipts")),
        sa.ForeignKeyConstraint(
            ["processed_by"], ["staff_users.id"], name=op.f("fk_family_filings_processed_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_filings")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_family_filings_office_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_family_filings_uuid")),
    )
    op.create_index("ix_family_filings_office_filed", "family_filings", ["office_id", "filed_on"])
    op.create_table(
        "family_filing_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["family_filings.id"],
            name=op.f("fk_family_filing_parties_filing_id_family_filings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_family_filing_parties_applicant_id_applicants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_filing_parties")),
    )
    op.create_index(op.f("ix_family_filing_parties_filing_id"), "family_filing_parties", ["filing_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_family_filing_parties_filing_id"), table_name="family_filing_parties")
    op.drop_table("family_filing_parties")
    op.drop_index("ix_family_filings_office_filed", table_name="family_filings")
    op.drop_table("family_filings")
