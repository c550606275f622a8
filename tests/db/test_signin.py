"""Sign-in that cannot be used to find IDs or to lock the admin out: one argon2 verify for every answer, unknown
IDs logged only as a keyed hash, lockouts per account and terminal with an admin unlock, counted one by one."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.domain.calendar import SEOUL
from app.services import auth
from app.services.errors import ValidationError
from db.models import AuditEntry
from db.models_accounts import LoginFailure
from tests.db.races import race

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=SEOUL)


def _attempt(app_ctx, username: str, password: str, terminal: str = "창구-1", at: datetime = NOW):  # type: ignore[no-untyped-def]
    return auth.sign_in(
        app_ctx.db.uow(), username=username, password=password, terminal_id=None, terminal_code=terminal, now=at
    )


def _refusal(app_ctx, username: str, password: str, terminal: str = "창구-1", at: datetime = NOW) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(auth.SignInFailed) as refused:
        _attempt(app_ctx, username, password, terminal, at)
    return refused.value.message


def _log(app_ctx) -> list[tuple[str, str, str, str, str]]:  # type: ignore[no-untyped-def]
    with app_ctx.db.uow() as uow:
        rows = uow.session.execute(
            sa.select(
                AuditEntry.action, AuditEntry.username, AuditEntry.record_id, AuditEntry.detail, AuditEntry.terminal
            ).order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]


class _CountingHasher:
    """The test hasher, counting how often a password is verified."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.verified = 0

    def verify(self, stored: str, password: str) -> bool:
        self.verified += 1
        return bool(self.inner.verify(stored, password))

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)


def test_every_answer_costs_one_password_verify(app_ctx, make_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Unknown, malformed, stopped, wrong, locked and right: the same single argon2 verify each (timing is
    measured with the production parameters in bench/signin_timing.py)."""
    admin = make_actor("admin")
    clerk = make_actor("clerk", password="right-pass-1")
    stopped = make_actor("clerk", password="right-pass-1")
    auth.update_user(app_ctx.db.uow(), admin, user_id=stopped.user_id, active=False)
    counting = _CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", counting)
    cases = [
        ("nobody.here", "right-pass-1"),
        ("900101-1234568", "x"),
        ("한글 아이디", "x"),
        (stopped.username, "right-pass-1"),
        (clerk.username, "wrong-pass-1"),
    ]
    for username, password in cases:
        before = counting.verified
        with pytest.raises(auth.SignInFailed):
            _attempt(app_ctx, username, password)
        assert counting.verified == before + 1, username
    before = counting.verified
    assert _attempt(app_ctx, clerk.username, "right-pass-1").user_id == clerk.user_id
    assert counting.verified == before + 1
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        with pytest.raises(auth.SignInFailed):
            _attempt(app_ctx, clerk.username, "wrong-pass-1")
    before = counting.verified
    assert "잠겼습니다" in _refusal(app_ctx, clerk.username, "right-pass-1")
    assert counting.verified == before + 1


def test_an_unknown_id_answers_and_locks_exactly_like_a_known_one(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk", password="right-pass-1")
    known = [_refusal(app_ctx, clerk.username, "wrong-pass-1") for _ in range(auth.MAX_FAILED_ATTEMPTS + 1)]
    unknown = [_refusal(app_ctx, "nobody.here", "wrong-pass-1") for _ in range(auth.MAX_FAILED_ATTEMPTS + 1)]
    assert known == unknown
    assert "잠겼습니다" in known[-1] and "1번 더" in known[-3]


def test_an_unknown_id_is_logged_only_as_a_keyed_hash(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    # A password typed into the ID field that looks like an ID, and one that does not.
    for typed in ("secretpass99", "Secret Pass 99!", "900101-1234568"):
        _refusal(app_ctx, typed, "whatever-1")
    entries = _log(app_ctx)
    assert [e[0] for e in entries] == ["signin.fail"] * 3
    text = " ".join(" ".join(e) for e in entries).lower()
    for typed in ("secretpass99", "secret pass 99!", "900101", "1234568"):
        assert typed not in text
    labels = [e[1] for e in entries]
    assert len(set(labels)) == 3 and all(label.startswith("(미등록 아이디 ") for label in labels)
    # Keyed: not the plain hash of what was typed, and the same ID is named the same way every time.
    assert hashlib.sha256(b"secretpass99").hexdigest()[:12] not in labels[0]
    _refusal(app_ctx, "secretpass99", "whatever-1")
    assert _log(app_ctx)[-1][1] == labels[0]
    with app_ctx.db.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(sa.select(LoginFailure)).all() for v in row)
    assert "secretpass99" not in stored.lower()


def test_five_wrong_guesses_at_one_terminal_do_not_lock_another(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin", username="office.admin", password="admin-pass-1")
    now = datetime.now(SEOUL)  # the admin tab shows the locks in force now
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        message = _refusal(app_ctx, "office.admin", "guess-1", terminal="창구-A", at=now)
    assert "잠겼습니다" in message
    assert "잠겼습니다" in _refusal(app_ctx, "office.admin", "admin-pass-1", terminal="창구-A", at=now)
    # The admin signs in at another counter and lifts the lock.
    at_b = _attempt(app_ctx, "office.admin", "admin-pass-1", terminal="창구-B", at=now)
    listed = {u.username: u for u in auth.list_users(app_ctx.db.uow(), at_b)}
    assert listed["office.admin"].locked_until is not None
    auth.unlock_user(app_ctx.db.uow(), at_b, user_id=admin.user_id)
    assert auth.list_users(app_ctx.db.uow(), at_b)[0].locked_until is None
    assert _attempt(app_ctx, "office.admin", "admin-pass-1", terminal="창구-A", at=now).user_id == admin.user_id
    actions = [(e[0], e[4]) for e in _log(app_ctx) if e[2] == "office.admin"]
    assert actions == [("signin.fail", "창구-A")] * 4 + [
        ("account.lock", "창구-A"),
        ("signin.locked", "창구-A"),
        ("signin", "창구-B"),
        ("user.update", "창구-B"),
        ("signin", "창구-A"),
    ]
    assert "창구-A" in next(e[3] for e in _log(app_ctx) if e[0] == "user.update")


def test_a_lock_ends_after_ten_minutes_and_a_success_resets_the_count(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk", password="right-pass-1")
    for _ in range(auth.MAX_FAILED_ATTEMPTS - 1):
        _refusal(app_ctx, clerk.username, "wrong-pass-1")
    _attempt(app_ctx, clerk.username, "right-pass-1")
    assert "4번 더" in _refusal(app_ctx, clerk.username, "wrong-pass-1")  # counting starts again
    for _ in range(auth.MAX_FAILED_ATTEMPTS - 1):
        _refusal(app_ctx, clerk.username, "wrong-pass-1")
    assert "잠겼습니다" in _refusal(app_ctx, clerk.username, "right-pass-1", at=NOW + timedelta(minutes=9))
    assert _attempt(app_ctx, clerk.username, "right-pass-1", at=NOW + timedelta(minutes=10, seconds=1))


@pytest.mark.parametrize("known", [True, False], ids=["known-id", "unknown-id"])
def test_parallel_wrong_passwords_count_one_by_one(app_ctx, make_actor, known: bool) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk", password="right-pass-1")
    username = clerk.username if known else "nobody.here"
    rounds = race(
        app_ctx,
        [clerk, clerk],
        "tests.db.race_actions_signin:wrong_password",
        lambda i: [{"username": username, "terminal": "창구-1"}] * 2,
        rounds=3,
    )
    messages = [message for outcomes in rounds for kind, message in outcomes]
    assert all(kind == "refused" for outcomes in rounds for kind, _ in outcomes), rounds
    # Each attempt saw the count the one before it left: no two were told the same number of tries left.
    for left in (4, 3, 2, 1):
        assert sum(f"{left}번 더" in m for m in messages) == 1, messages
    assert sum("동안 잠겼습니다" in m for m in messages) == 1
    assert sum("약 " in m and "잠겼습니다" in m for m in messages) == 1
    actions = sorted(e[0] for e in _log(app_ctx) if e[0].startswith(("signin", "account")))
    assert actions == sorted(["signin.fail"] * 4 + ["account.lock", "signin.locked"])


def test_staff_texts_are_checked_with_korean_messages(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    admin = make_actor("admin")
    bad = {
        "1234": "글자가 없습니다",
        "김" * 61: "너무 깁니다",
        "김\u202e철수": "글자 방향",
        "김\x00철수": "제어 문자",
        "   ": "입력하세요",
    }
    for name, expected in bad.items():
        with pytest.raises(ValidationError, match=expected):
            auth.create_user(
                app_ctx.db.uow(), admin, username="new.clerk", display_name=name, role="clerk", password="abcd-1234"
            )
    with pytest.raises(ValidationError, match="비밀번호가 너무 깁니다"):
        auth.create_user(
            app_ctx.db.uow(), admin, username="new.clerk", display_name="김철수", role="clerk", password="a1" * 100
        )
    view = auth.create_user(
        app_ctx.db.uow(), admin, username="New.Clerk ", display_name="  김   철수 ", role="clerk", password="abcd-1234"
    )
    assert (view.username, view.display_name) == ("new.clerk", "김 철수")
    with pytest.raises(ValidationError, match="글자 방향"):
        auth.update_user(app_ctx.db.uow(), admin, user_id=view.id, display_name="김\u202e철수")
    with pytest.raises(ValidationError, match="사용자 번호"):
        auth.update_user(app_ctx.db.uow(), admin, user_id=True, display_name="김철수")  # type: ignore[arg-type]
    assert auth.update_user(app_ctx.db.uow(), admin, user_id=view.id, display_name="김영희").display_name == "김영희"
