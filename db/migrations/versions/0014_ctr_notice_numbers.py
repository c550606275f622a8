"""예고장/독촉장 with 문서번호 and 시행일자, one per department, kind and day (issue 13; serialised, issue 11).

``day`` is the notice's 시행일자 (the Seoul date of the check) and ``number`` its 문서번호; a unique index on
(office, day, department, kind) keeps a second check of the same day from writing a second notice (it reprints
the first). Existing notices get their day from ``sent_at``; where one day already holds several (reruns made
before this rule), the first keeps the day and the later ones keep theirs empty, so none is lost. Notices sent
before this revision had no number printed on them, so they get none. ``time_label`` keeps each line's "남은
시간 / 경과" as printed, so a reprint shows the same page.

Revision ID: 0014_ctr_notice_numbers
Revises: 0003_petitions
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0014_ctr_notice_numbers"
down_revision = "0003_petitions"
branch_labels = None
depends_on = None

SEOUL = ZoneInfo("Asia/Seoul")


def _seoul_day(value: object) -> object:
    if isinstance(value, str):  # SQLite hands back text: stored in UTC without a zone
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(SEOUL).date()


def backfill_days(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text("SELECT id, office_id, department, kind, sent_at FROM petition_notices ORDER BY sent_at, id")
    ).all()
    seen: set[tuple[object, ...]] = set()
    for notice_id, office_id, department, kind, sent_at in rows:
        day = _seoul_day(sent_at)
        key = (office_id, day, department, kind)
        if key in seen:
            continue
        seen.add(key)
        bind.execute(sa.text("UPDATE petition_notices SET day = :day WHERE id = :id"), {"day": day, "id": notice_id})


def upgrade() -> None:
    with op.batch_alter_table("petition_notices") as batch:
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("number", sa.String(length=40), nullable=True))
    backfill_days(op.get_bind())
    op.create_index(
        "ux_petition_notices_office_day_department_kind",
        "petition_notices",
        ["office_id", "day", "department", "kind"],
        unique=True,
    )
    op.create_index("ux_petition_notices_office_number", "petition_notices", ["office_id", "number"], unique=True)
    with op.batch_alter_table("petition_notice_items") as batch:
        batch.add_column(sa.Column("time_label", sa.String(length=40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("petition_notice_items") as batch:
        batch.drop_column("time_label")
    op.drop_index("ux_petition_notices_office_number", table_name="petition_notices")
    op.drop_index("ux_petition_notices_office_day_department_kind", table_name="petition_notices")
    with op.batch_alter_table("petition_notices") as batch:
        batch.drop_column("number")
        batch.drop_column("day")
