"""Roles are enforced in the service layer: each rule is tried and must hold, whatever the UI shows."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.services import applicants, audit, auth, receipts
from app.services.errors import PermissionDenied
from app.services.roles import PERMISSIONS, can
from db.models import AuditEntry, Receipt

THURSDAY_EVENING = datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)
THURSDAY_MORNING = datetime(2026, 11, 26, 10, 0, tzinfo=SEOUL)
WEDNESDAY_EVENING = datetime(2026, 11, 25, 18, 30, tzinfo=SEOUL)
LINE = [receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)]


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        (
            "clerk",
            {"certificate.issue", "petition.intake", "rrn.unmask", "receipt.issue", "benefit.lookup"},
            {"users.manage", "tables.manage", "receipt.void", "audit.review"},
        ),
        (
            "night",
            {"certificate.issue", "passport.intake", "passport.deliver", "receipt.issue"},
            {"petition.intake", "family.file", "rrn.unmask", "users.manage"},
        ),
        (
            "guide",
            {"fee.quote", "checklist.print", "benefit.lookup", "forms.print"},
            {
                "receipt.issue",
                "applicant.read",
                "applicant.write",
                "rrn.unmask",
                "certificate.issue",
                "passport.intake",
                "family.file",
                "petition.intake",
            },
        ),
        (
            "supervisor",
            {"overdue.check", "notice.send", "stats.view", "day.close", "receipt.void", "audit.review"},
            {"users.manage", "tables.manage"},
        ),
        (
            "admin",
            {"users.manage", "tables.manage", "office.setup", "audit.review"},
            {"receipt.issue", "certificate.issue", "rrn.unmask"},
        ),
    ],
)
def test_permission_matrix(role: str, allowed: set[str], denied: set[str]) -> None:
    assert allowed <= PERMISSIONS[role]
    assert not (denied & PERMISSIONS[role])


def test_guide_writes_no_record_and_sees_no_resident_number(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    guide = make_actor("guide")
    clerk = make_actor("clerk")
    person = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name="홍길동", resident_number="900101-1234568")
    for attempt in (
        lambda: applicants.upsert_applicant(app_ctx.db.uow(), guide, name="김안내", resident_number="900101-1234568"),
        lambda: applicants.find_by_resident_number(app_ctx.db.uow(), guide, "900101-1234568"),
        lambda: applicants.unmask_resident_number(app_ctx.db.uow(), guide, applicant_id=person.id, reason="확인"),
        lambda: receipts.issue_receipt(app_ctx.db.uow(), guide, lines=LINE, payment_method="현금"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0
        assert not uow.session.scalars(sa.select(AuditEntry).where(AuditEntry.user_id == guide.user_id)).all()


def test_night_staff_work_only_in_the_night_window(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    night = make_actor("night")
    view = receipts.issue_receipt(app_ctx.db.uow(), night, lines=LINE, payment_method="현금", now=THURSDAY_EVENING)
    assert view.total == 400
    for moment in (THURSDAY_MORNING, WEDNESDAY_EVENING, datetime(2026, 11, 26, 20, 0, tzinfo=SEOUL)):
        with pytest.raises(PermissionDenied, match="야간 민원실 운영시간"):
            receipts.issue_receipt(app_ctx.db.uow(), night, lines=LINE, payment_method="현금", now=moment)


def test_night_sign_in_outside_the_window_is_refused_and_logged(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    night = make_actor("night", password="night-pass-1")
    with pytest.raises(auth.SignInFailed, match="운영시간"):
        auth.sign_in(
            app_ctx.db.uow(),
            username=night.username,
            password="night-pass-1",
            terminal_id=None,
            terminal_code="t",
            now=THURSDAY_MORNING,
        )
    actor = auth.sign_in(
        app_ctx.db.uow(),
        username=night.username,
        password="night-pass-1",
        terminal_id=None,
        terminal_code="t",
        now=THURSDAY_EVENING,
    )
    assert actor.role == "night"
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.record_id == night.username)).all()
    assert "signin.refused" in actions and "signin" in actions


def test_five_wrong_passwords_lock_the_account_for_ten_minutes(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk", password="right-pass-1")
    now = THURSDAY_MORNING

    def attempt(password: str, at: datetime):  # type: ignore[no-untyped-def]
        return auth.sign_in(
            app_ctx.db.uow(),
            username=clerk.username,
            password=password,
            terminal_id=None,
            terminal_code="창구-1",
            now=at,
        )

    for i in range(4):
        with pytest.raises(auth.SignInFailed, match=f"{4 - i}번 더"):
            attempt("wrong", now)
    with pytest.raises(auth.SignInFailed, match="10분 동안 잠겼습니다"):
        attempt("wrong", now)
    with pytest.raises(auth.SignInFailed, match="잠겼습니다"):
        attempt("right-pass-1", now + timedelta(minutes=9, seconds=59))
    assert attempt("right-pass-1", now + timedelta(minutes=10, seconds=1)).user_id == clerk.user_id
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.record_id == clerk.username).order_by(AuditEntry.id)
        ).all()
    assert actions == ["signin.fail"] * 4 + ["account.lock", "signin.locked", "signin"]


def test_passwords_are_argon2_hashes(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    make_actor("clerk", username="hash.check", password="visible-pass-1")
    with app_ctx.db.engine.connect() as conn:
        stored = conn.execute(sa.text("select password_hash from staff_users where username='hash.check'")).scalar()
    assert stored.startswith("$argon2") and "visible-pass-1" not in stored


def test_only_reviewers_read_the_access_log(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    today = datetime.now(SEOUL).date()
    with pytest.raises(PermissionDenied):
        audit.search(app_ctx.db.uow(), make_actor("clerk"), start=today, end=today)
    boss = make_actor("supervisor")
    audit.search(app_ctx.db.uow(), boss, start=today, end=today)
    rows = audit.search(app_ctx.db.uow(), boss, start=today, end=today, username=boss.username)
    assert [r.action for r in rows] == ["audit.review"]


def test_admin_manages_users_but_not_money(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    clerk = make_actor("clerk")
    with pytest.raises(PermissionDenied):
        auth.create_user(app_ctx.db.uow(), clerk, username="x.y", display_name="x", role="admin", password="abcd-1234")
    created = auth.create_user(
        app_ctx.db.uow(), admin, username="new.night", display_name="야간", role="night", password="abcd-1234"
    )
    assert created.role_label == "야간 민원실"
    with pytest.raises(PermissionDenied):
        receipts.issue_receipt(app_ctx.db.uow(), admin, lines=LINE, payment_method="현금")
    assert can(admin, "users.manage") and not can(clerk, "users.manage")


def test_night_sign_in_is_refused_on_an_office_closure_day(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from db.models_petitions import OfficeClosure

    night = make_actor("night", password="night-pass-1")
    with app_ctx.db.uow() as uow:
        uow.session.add(OfficeClosure(office_id=app_ctx.office.id, day=THURSDAY_EVENING.date(), reason="청사 점검"))
        uow.commit()
    with pytest.raises(auth.SignInFailed, match="운영시간"):
        auth.sign_in(
            app_ctx.db.uow(),
            username=night.username,
            password="night-pass-1",
            terminal_id=None,
            terminal_code="t",
            now=THURSDAY_EVENING,
        )


def test_a_stopped_or_changed_account_is_turned_away_mid_session(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    admin, clerk, boss = make_actor("admin"), make_actor("clerk"), make_actor("supervisor")
    receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=LINE, payment_method="현금")
    auth.update_user(app_ctx.db.uow(), admin, user_id=clerk.user_id, active=False)
    with pytest.raises(PermissionDenied, match="중지"):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=LINE, payment_method="현금")
    view = receipts.issue_receipt(app_ctx.db.uow(), make_actor("clerk"), lines=LINE, payment_method="현금")
    auth.update_user(app_ctx.db.uow(), admin, user_id=boss.user_id, role="guide")
    with pytest.raises(PermissionDenied, match="역할이 바뀌었습니다"):
        receipts.void_receipt(app_ctx.db.uow(), boss, receipt_id=view.id, reason="중복 수납")
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 2
        assert uow.session.get(Receipt, view.id).status == "issued"


def test_changing_ones_own_password_counts_wrong_guesses(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk", password="right-pass-1")
    for _ in range(4):
        with pytest.raises(auth.SignInFailed):
            auth.change_own_password(app_ctx.db.uow(), clerk, old_password="guess", new_password="new-pass-22")
    with pytest.raises(auth.SignInFailed, match="잠겼습니다"):
        auth.change_own_password(app_ctx.db.uow(), clerk, old_password="guess", new_password="new-pass-22")
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.record_id == clerk.username)).all()
    assert actions.count("signin.fail") == 4 and "account.lock" in actions


@pytest.mark.parametrize("typed", ["900101-1234568", "x" * 70, '=hyperlink("http://x")'])
def test_what_is_typed_as_an_id_is_not_logged_unless_it_is_an_id(app_ctx, typed: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(app_ctx.db.uow(), username=typed, password="x", terminal_id=None, terminal_code="t")
    with app_ctx.db.uow() as uow:
        entries = uow.session.execute(sa.select(AuditEntry.action, AuditEntry.username)).all()
    # Logged only by its keyed hash (issue 12): never the text typed.
    assert [e.action for e in entries] == ["signin.fail"] and entries[0].username.startswith("(미등록 아이디 ")
    assert typed not in entries[0].username
