"""Passport applications, loss reports and fee refunds.

Revision ID: 0005_passport
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_passport"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def _ts(name: str, *, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "passport_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        _ts("received_at", nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("validity_years", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("reduced", sa.Boolean(), nullable=False),
        sa.Column("fee", sa.BigInteger(), nullable=False),
        sa.Column("contribution", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("fee_table", sa.String(length=200), nullable=False),
        sa.Column("fee_verified", sa.Boolean(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("photo_checked", sa.Boolean(), nullable=False),
        sa.Column("documents_checked", sa.Text(), nullable=False),
        sa.Column("applying_in_person", sa.Boolean(), nullable=False),
        sa.Column("proxy_name", sa.String(length=60), nullable=False),
        sa.Column("proxy_relation", sa.String(length=20), nullable=False),
        sa.Column("sms_consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        _ts("reviewed_at", nullable=True),
        _ts("produced_at", nullable=True),
        _ts("arrived_at", nullable=True),
        _ts("delivered_at", nullable=True),
        sa.Column("delivered_by", sa.Integer(), nullable=True),
        sa.Column("collector_name", sa.String(length=60), nullable=False),
        sa.Column("collector_relation", sa.String(length=20), nullable=False),
        sa.Column("id_checked", sa.Boolean(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("emergency_reason", sa.Text(), nullable=False),
        _ts("due_at", nullable=True),
        sa.Column("destination_warned", sa.Boolean(), nullable=False),
        sa.Column("declared_losses_1y", sa.Integer(), nullable=True),
        sa.Column("declared_losses_5y", sa.Integer(), nullable=True),
        sa.Column("reduced_claim", sa.String(length=12), nullable=False),
        sa.Column("reduced_reason", sa.Text(), nullable=False),
        sa.Column("reduced_proof_due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_passport_applications_applicant_id_applicants")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["staff_users.id"], name=op.f("fk_passport_applications_clerk_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["delivered_by"], ["staff_users.id"], name=op.f("fk_passport_applications_delivered_by_staff_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_passport_applications_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipts.id"], name=op.f("fk_passport_applications_receipt_id_receipts")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_passport_applications_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_applications")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_passport_applications_office_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_passport_applications_uuid")),
    )
    op.create_index(
        op.f("ix_passport_applications_applicant_id"), "passport_applications", ["applicant_id"], unique=False
    )
    op.create_index("ix_passport_applications_status", "passport_applications", ["office_id", "status"])

    op.create_table(
        "passport_loss_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        _ts("reported_at", nullable=False),
        sa.Column("lost_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("passport_number", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_passport_loss_reports_applicant_id_applicants")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["staff_users.id"], name=op.f("fk_passport_loss_reports_clerk_id_staff_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_passport_loss_reports_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_loss_reports")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_passport_loss_reports_office_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_passport_loss_reports_uuid")),
    )
    op.create_index(
        op.f("ix_passport_loss_reports_applicant_id"), "passport_loss_reports", ["applicant_id"], unique=False
    )

    op.create_table(
        "passport_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        _ts("refunded_at", nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("fee_amount", sa.BigInteger(), nullable=False),
        sa.Column("contribution_amount", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proof", sa.Text(), nullable=False),
        sa.Column("fee_table", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["passport_applications.id"],
            name=op.f("fk_passport_refunds_application_id_passport_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["staff_users.id"], name=op.f("fk_passport_refunds_clerk_id_staff_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_passport_refunds_office_id_offices")),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipts.id"], name=op.f("fk_passport_refunds_receipt_id_receipts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_refunds")),
        sa.UniqueConstraint("uuid", name=op.f("uq_passport_refunds_uuid")),
    )
    op.create_index(op.f("ix_passport_refunds_application_id"), "passport_refunds", ["application_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_passport_refunds_application_id"), table_name="passport_refunds")
    op.drop_table("passport_refunds")
    op.drop_index(op.f("ix_passport_loss_reports_applicant_id"), table_name="passport_loss_reports")
    op.drop_table("passport_loss_reports")
    op.drop_index("ix_passport_applications_status", table_name="passport_applications")
    op.drop_index(op.f("ix_passport_applications_applicant_id"), table_name="passport_applications")
    op.drop_table("passport_applications")
