"""Accounts that stop at once: every service call of a signed-in user re-reads the account first.

EVERY public service function that takes an actor and a unit of work is collected by introspection (a new
one is covered without anyone remembering it) and called, through the unit of work the screens hand to
services (``acting_uow``), for an account stopped after sign-in. Each must refuse with the account message,
and the database must see nothing but the account check: a stopped account reads nothing at all.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import app.services
from app.services import applicants, auth, receipts
from app.services.actor import AccountStopped, RoleChanged, acting_uow
from app.services.errors import PermissionDenied, ServiceError


def _public_functions(*, with_uow: bool) -> list[tuple[str, Any]]:
    """Public functions of app.services that take an actor, with (or without) a unit of work or database."""
    found = []
    for info in pkgutil.walk_packages(app.services.__path__, "app.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            reaches_db = "uow" in params or "database" in params
            if "actor" in params and reaches_db == with_uow and fn is not acting_uow:
                found.append((f"{info.name}:{name}", fn))
    return sorted(found, key=lambda item: item[0])


SERVICES = _public_functions(with_uow=True)

# Functions that take an actor but no unit of work: they read only the decree tables in resources/data
# (fees, check-lists, benefit rules) or answer from the actor itself; there is no database to ask. Listed
# so that a new one is looked at: one that reads people's data must take a unit of work.
NO_DATABASE = {
    "app.services.benefits:lookup_benefits",
    "app.services.certificates:available_kinds",
    "app.services.datatables:list_entries",
    "app.services.passports.guidance:checklist",
    "app.services.passports.guidance:quote_fee",
    "app.services.passports.records:authorize_any",
    "app.services.roles:authorize",
    "app.services.roles:can",
    "app.services.settings_screen:visible_specs",
}

# Who may call what: the stopped account has the role that could otherwise do it.
ADMIN_MODULES = (
    "app.services.auth:",
    "app.services.audit",
    "app.services.backup:",
    "app.services.datatables:",
    "app.services.keys:",
)
# Which of the optional arguments a call needs to get past its own checks.
OPTIONAL = {
    "app.services.receipts:load_receipt": {"receipt_id": 1},
    "app.services.receipts:check_receipt": {"text": "20261202-0001 ABCD-1234"},
    "app.services.settings_screen:save_settings": {"changes": {"receipt_format": "a4"}},
    "app.services.applicants:search_by_phone_suffix": {"digits": "5678"},
    "app.services.statistics:office_report": {"kind": "month"},
}


def test_functions_without_a_unit_of_work_are_the_known_ones() -> None:
    assert {name for name, _ in _public_functions(with_uow=False)} == NO_DATABASE
    assert len(SERVICES) > 80  # the collection found the services


# Inputs that pass each form's own checks, so that a call gets as far as the database; by parameter name.
BY_NAME: dict[str, Any] = {
    "resident_number": "900101-1234568",
    "name": "홍길동",
    "applicant_name": "홍길동",
    "phone": "010-1234-5678",
    "password": "pass-word-12",
    "new_password": "pass-word-12",
    "old_password": "pass-word-12",
    "username": "newclerk",
    "display_name": "새 직원",
    "role": "clerk",
    "number": "20260303-0001",
    "decision": "인용",
    "reason_code": "address_unknown",
    "type_code": "local_tax_objection",
    "to_status": "review",
    "refund_method": "현금",
    "outcome": "processed",
    "kind": "intake",
    "payment_method": "현금",
    "action": "start",
    "passphrase": "a-long-passphrase-1",
    "confirm": "a-long-passphrase-1",
}


def _objects() -> dict[str, Any]:
    """Values of the form objects some services take."""
    from types import SimpleNamespace

    from app.domain.benefits import Household, Person
    from app.domain.certificates import fee_quote
    from app.domain.passport import ApplicantSituation
    from app.services import family
    from app.services import passports as ps
    from app.services.certificates import CertificateLine
    from app.services.printing import PrintJob

    receipt = SimpleNamespace(id=1, number="20260303-0001", issued_at=datetime.now().astimezone())
    quote = fee_quote("resident_copy", 1)
    return {
        "lines": [receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)],
        "certificate_lines": [CertificateLine("resident_copy", 1)],
        "household": Household(people=(Person("박하늘", date(1990, 1, 2), "본인"),), event=None),
        "situation": ApplicantSituation(age=30, sex="F"),
        "form": ps.ApplicationForm(
            name="홍길동",
            resident_number="900101-1234568",
            kind="복수",
            photo_checked=True,
            documents_checked=("application_form", "id_card_adult"),
            identity_verified=True,
        ),
        "data": family.FilingInput(
            kind="death",
            event_date=date(2026, 1, 10),
            persons={"deceased": family.PersonInput("이순자", "400101-2234567")},
            filer_relation="cohabiting_relative",
            filer=family.PersonInput("이영수", "700101-1234567", phone="010-2222-3333"),
            details={"death_date": date(2026, 1, 9), "death_place": "자택", "proof": "진단서"},
        ),
        "job": PrintJob("receipt.print", "receipt", "1"),
        "render": lambda path: path.write_bytes(b"%PDF-1.4"),
        "receipt": receipt,
        "issue": SimpleNamespace(receipt=receipt),
        "quotes": [quote],
        "petition": SimpleNamespace(id=1, number="2026-0001", status="접수"),
        "before": date(2020, 1, 1),
    }


def _argument(fn_name: str, pname: str, annotation: str, tmp_path: Path, objects: dict[str, Any]) -> Any:
    a = annotation.replace(" ", "")
    if pname == "lines" and "Certificate" in a:
        return objects["certificate_lines"]
    if pname in objects:
        return objects[pname]
    if pname in BY_NAME:
        return BY_NAME[pname]
    if a.startswith("int"):
        return 1
    if a.startswith("str"):
        return "창구에서 확인한 사유"
    if a.startswith("bool"):
        return True
    if a.startswith("date") and not a.startswith("datetime"):
        return date(2026, 3, 3)
    if a.startswith("datetime"):
        return datetime.now().astimezone()
    if a.startswith("Path"):
        path = tmp_path / "input.csv"
        path.write_text("민원번호,친절도,만족도\n", encoding="utf-8")
        return path
    if "UUID" in a:
        return uuid.uuid4()
    return None


@contextmanager
def _statements(engine: Any) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _only_the_gate(statements: list[str]) -> list[str]:
    """Statements other than BEGIN and the account check (``check_account``)."""
    return [
        s
        for s in statements
        if not s.upper().startswith("BEGIN")
        and not s.startswith("SELECT staff_users.active, staff_users.role FROM staff_users WHERE staff_users.id =")
    ]


@pytest.mark.parametrize(("name", "fn"), SERVICES, ids=[n for n, _ in SERVICES])
def test_stopped_account_gets_nothing(app_ctx, make_actor, tmp_path, name, fn) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    victim = make_actor("admin" if name.startswith(ADMIN_MODULES) else "supervisor")
    auth.update_user(app_ctx.db.uow(), admin, user_id=victim.user_id, active=False)
    objects = _objects()
    kwargs = {}
    for pname, p in inspect.signature(fn).parameters.items():
        if pname in ("uow", "actor", "database", "settings") or (
            p.default is not inspect.Parameter.empty and pname not in objects
        ):
            continue
        kwargs[pname] = _argument(name, pname, str(p.annotation), tmp_path, objects)
    kwargs.update(OPTIONAL.get(name, {}))
    if "key_file" in kwargs:
        kwargs["key_file"] = app_ctx.settings.key_file
    uow = acting_uow(app_ctx.db, victim)
    params = inspect.signature(fn).parameters
    given = {"uow": uow, "database": app_ctx.db, "settings": app_ctx.settings}
    kwargs.update({p: v for p, v in given.items() if p in params})
    with _statements(app_ctx.db.engine) as seen:
        try:
            fn(actor=victim, **kwargs)
        except RuntimeError as exc:
            if "not open" not in str(exc):
                raise
            # A helper that runs inside a service's unit of work: opening that one is refused.
            with pytest.raises(AccountStopped):
                with uow:
                    fn(actor=victim, **kwargs)
        except AccountStopped:
            pass
        except ServiceError as exc:
            pytest.fail(f"{name}: refused with {exc.__class__.__name__} ({exc.message}), not the stopped account")
        else:
            pytest.fail(f"{name} answered a stopped account")
    assert _only_the_gate(seen) == [], f"{name} reached the database past the account check"


def test_a_demoted_supervisor_loses_the_supervisor_action_on_the_next_call(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import dayclose

    admin = make_actor("admin")
    boss = make_actor("supervisor")
    day = date(2026, 3, 3)
    summary = dayclose.day_summary(acting_uow(app_ctx.db, boss), boss, day=day)  # allowed while supervisor
    assert summary is not None
    auth.update_user(app_ctx.db.uow(), admin, user_id=boss.user_id, role="clerk")
    with pytest.raises(RoleChanged) as refused:
        dayclose.day_summary(acting_uow(app_ctx.db, boss), boss, day=day)
    assert "역할이 바뀌었습니다" in refused.value.message
    # Signed in again, the clerk works as a clerk and is refused the supervisor's action by its role.
    clerk = auth.sign_in(
        app_ctx.db.uow(), username=boss.username, password="test-pass-1", terminal_id=None, terminal_code="창구-3"
    )
    assert clerk.role == "clerk"
    receipts.list_receipts(acting_uow(app_ctx.db, clerk), clerk, day=day)
    with pytest.raises(PermissionDenied):
        dayclose.day_summary(acting_uow(app_ctx.db, clerk), clerk, day=day)


def test_a_stopped_account_is_refused_between_two_calls_of_one_screen(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    """The stop takes effect on the very next unit of work: the first search answers, the second does not."""
    admin = make_actor("admin")
    clerk = make_actor("clerk")
    applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")
    assert [a.name for a in applicants.search_by_name(acting_uow(app_ctx.db, clerk), clerk, "홍길동")] == ["홍길동"]
    auth.update_user(app_ctx.db.uow(), admin, user_id=clerk.user_id, active=False)
    with pytest.raises(AccountStopped):
        applicants.search_by_name(acting_uow(app_ctx.db, clerk), clerk, "홍길동")
    # Turned on again, the same session works again (the check reads the account each time, nothing cached).
    auth.update_user(app_ctx.db.uow(), admin, user_id=clerk.user_id, active=True)
    assert len(applicants.search_by_name(acting_uow(app_ctx.db, clerk), clerk, "홍길동")) == 1


def test_the_check_is_one_query_per_unit_of_work(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    uow = acting_uow(app_ctx.db, clerk)
    with _statements(app_ctx.db.engine) as seen:
        with uow:
            with uow:  # a service calling another inside its unit of work
                receipts.list_receipts(uow, clerk, day=date(2026, 3, 3))
    checks = [s for s in seen if s.startswith("SELECT staff_users.active, staff_users.role FROM staff_users")]
    assert len(checks) == 1


def test_screens_hand_services_the_checked_unit_of_work(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.actor import ActingUnitOfWork
    from ui.context import UiContext

    clerk = make_actor("clerk")
    ctx = UiContext.__new__(UiContext)  # no task runner or Qt needed to build a unit of work
    ctx.app = app_ctx
    ctx.actor = clerk
    uow = ctx.uow()
    assert isinstance(uow, ActingUnitOfWork) and uow.actor == clerk
