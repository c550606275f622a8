"""Every read or print of people's data is logged: the four lists that wrote nothing (receipts of a day,
petitions without a search, status notices due, SMS) now write one entry per call, saying what was listed and
how many people; and every PDF a service renders goes through the one print path (an intent entry first)."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.services import applicants, outbox, receipts
from app.services import petitions as pets
from db.models import AuditEntry, utcnow

LINE = [receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)]
# The print path (app/services/printing.py): each writes the intent entry before it calls ``render``.
PRINT_PATH = {"print_document", "begin_print"}
SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"


def _entries(app_ctx, user_id: int) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with app_ctx.db.uow() as uow:
        rows = uow.session.execute(
            sa.select(AuditEntry.action, AuditEntry.record_type, AuditEntry.detail)
            .where(AuditEntry.user_id == user_id)
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]


def test_the_lists_that_show_people_are_logged_once_per_call(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    reader = make_actor("supervisor")
    people = [
        applicants.upsert_applicant(app_ctx.db.uow(), clerk, name=name, resident_number=rrn)
        for name, rrn in (("홍길동", "900101-1234568"), ("김영희", "850505-2345675"))
    ]
    for person in (people[0], people[0], people[1]):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=LINE, payment_method="현금", applicant_id=person.id)
    for name in ("이서윤", "박민수"):
        pets.intake_petition(
            app_ctx.db.uow(), clerk, type_code="local_tax_objection", applicant_name=name, phone="010-1234-5678"
        )
    today = utcnow().astimezone(SEOUL).date()

    listed = receipts.list_receipts(app_ctx.db.uow(), reader, day=today)
    assert len(listed) == 3
    assert _entries(app_ctx, reader.user_id)[-1] == ("receipt.list", "receipt", f"{today} 3건, 2명")

    assert len(pets.list_petitions(app_ctx.db.uow(), reader)) == 2
    assert _entries(app_ctx, reader.user_id)[-1] == ("petition.list", "petition", "open 2건, 2명")
    pets.list_petitions(app_ctx.db.uow(), reader, search="이서윤")
    assert _entries(app_ctx, reader.user_id)[-1] == ("petition.search", "petition", "'이서윤' 1건, 1명")

    later = utcnow() + timedelta(days=40)
    due = pets.status_notices_due(app_ctx.db.uow(), reader, now=later)
    assert {t.applicant_name for t in due} == {"이서윤", "박민수"}
    action, record_type, detail = _entries(app_ctx, reader.user_id)[-1]
    assert (action, record_type) == ("petition.status_notice_list", "petition")
    assert detail == f"{later.astimezone(SEOUL).date()} {len(due)}건, 2명"

    messages = outbox.list_messages(app_ctx.db.uow(), reader)
    action, record_type, detail = _entries(app_ctx, reader.user_id)[-1]
    assert (action, record_type) == ("sms.list", "outbox")
    assert detail.startswith(f"{len(messages)}건, 수신자 ")

    # One entry per call, each call its own: five lists, five entries, nothing else by the reader.
    assert [e[0] for e in _entries(app_ctx, reader.user_id)] == [
        "receipt.list",
        "petition.list",
        "petition.search",
        "petition.status_notice_list",
        "sms.list",
    ]


def test_an_empty_list_is_logged_too(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    reader = make_actor("supervisor")
    today = utcnow().astimezone(SEOUL).date()
    receipts.list_receipts(app_ctx.db.uow(), reader, day=today)
    outbox.list_messages(app_ctx.db.uow(), reader, record_type="petition", record_id=7)
    assert _entries(app_ctx, reader.user_id) == [
        ("receipt.list", "receipt", f"{today} 0건, 0명"),
        ("sms.list", "petition", "0건, 수신자 0명"),
    ]


def _render_calls_outside_the_print_path(tree: ast.AST) -> list[int]:
    """Lines where a ``render_*`` document builder is called other than as the ``render=`` of the print path."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in PRINT_PATH:
            for keyword in node.keywords:
                if keyword.arg == "render":
                    allowed.update(id(n) for n in ast.walk(keyword.value))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")).startswith("render_")
        and id(node) not in allowed
    ]


# Modules whose render_* calls are not records of anyone: a URL rendered as text (first start), the shortcut sheet
# (keys of the screen), the office's report tables (counts only; saved as a file the clerk chose).
NOT_RECORDS = {"first_start.py", "help_sheet.py", "statistics_export.py"}


def test_every_pdf_a_service_renders_goes_through_the_print_path() -> None:
    """print_document writes the intent entry before it renders, so a crash mid-print still leaves one."""
    found: dict[str, list[int]] = {}
    renderers = 0
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        renderers += sum(
            isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")).startswith("render_")
            for n in ast.walk(tree)
        )
        outside = _render_calls_outside_the_print_path(tree)
        if path.name in NOT_RECORDS:
            continue
        if outside:
            found[str(path.relative_to(SERVICES))] = outside
    assert renderers >= 6  # the receipt, notices, guidance, check-list, benefit sheet, day close, petition papers
    assert found == {}
