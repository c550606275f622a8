"""Staff sign-in (argon2 password hashes, lock after repeated failures) and user management."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select

from app.domain.identity import mask_text
from app.services import audit
from app.services.actor import Actor
from app.services.errors import PermissionDenied, ServiceError, ValidationError
from app.services.inputs import clean_int, clean_name
from app.services.roles import ROLE_LABELS, authorize, night_window_open, night_window_text
from db.models import StaffUser, Terminal, utcnow
from db.models_accounts import LoginFailure
from db.uow import UnitOfWork

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 10
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")

# argon2id with the library's defaults (RFC 9106 low-memory profile). Always used as ``_hasher`` at call
# time: tests/conftest.py swaps in a cheap one unless a test is marked ``production_hasher``.
_hasher = PasswordHasher()


class SignInFailed(ServiceError):
    """Wrong ID or password, or a locked account (the message says which, and until when)."""


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def validate_password(password: str) -> None:
    if not isinstance(password, str):
        raise ValidationError("비밀번호를 글자로 입력하세요.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("비밀번호는 {length}자 이상이어야 합니다.", length=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("비밀번호가 너무 깁니다 ({length}자 이내).", length=MAX_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        raise ValidationError("비밀번호에는 문자와 숫자를 함께 쓰세요.")


def validate_username(username: str) -> str:
    username = (username or "").strip().lower()
    if not _USERNAME.match(username) or mask_text(username) != username:
        raise ValidationError("아이디는 영문 소문자·숫자로 3~40자입니다 (., _, - 사용 가능).")
    return username


def _user_view(user: StaffUser, uow: UnitOfWork) -> UserView:
    return UserView(
        user.id,
        user.username,
        user.display_name,
        user.role,
        ROLE_LABELS.get(user.role, user.role),
        user.active,
        _locks_of(uow, user.username, utcnow()),
    )


def count_users(uow: UnitOfWork) -> int:
    with uow:
        return int(uow.session.scalar(select(func.count()).select_from(StaffUser)) or 0)


def _create(
    uow: UnitOfWork, *, office_id: int, username: str, display_name: str, role: str, password: str
) -> StaffUser:
    username = validate_username(username)
    display_name = clean_display_name(display_name)
    if role not in ROLE_LABELS:
        raise ValidationError("알 수 없는 역할입니다: {role}", role=role)
    validate_password(password)
    if uow.session.scalars(select(StaffUser).where(StaffUser.username == username)).first() is not None:
        raise ValidationError("이미 있는 아이디입니다: {username}", username=username)
    user = StaffUser(
        office_id=office_id,
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
    )
    uow.session.add(user)
    uow.session.flush()
    return user


def create_first_admin(
    uow: UnitOfWork, *, office_id: int, username: str, display_name: str, password: str, terminal: str = ""
) -> UserView:
    """The first account of an empty database; refused once any account exists."""
    with uow:
        if uow.session.scalar(select(func.count()).select_from(StaffUser)):
            raise PermissionDenied("이미 사용자가 있습니다. 관리자에게 계정을 요청하세요.")
        user = _create(
            uow, office_id=office_id, username=username, display_name=display_name, role="admin", password=password
        )
        audit.record(
            uow,
            None,
            "user.create",
            record_type="user",
            record_id=user.username,
            detail="최초 관리자",
            username=user.username,
            terminal=terminal,
        )
        view = _user_view(user, uow)
        uow.commit()
    return view


def create_user(
    uow: UnitOfWork, actor: Actor, *, username: str, display_name: str, role: str, password: str
) -> UserView:
    authorize(actor, "users.manage")
    with uow:
        user = _create(
            uow, office_id=actor.office_id, username=username, display_name=display_name, role=role, password=password
        )
        audit.record(uow, actor, "user.create", record_type="user", record_id=user.username, detail=role)
        view = _user_view(user, uow)
        uow.commit()
    return view


def _account_key(uow: UnitOfWork, typed: str) -> str:
    """A keyed hash of the ID as typed: what the failure count and the access log name an unknown ID by.

    Keyed with the resident-number key's look-up key (the same on every counter of the database, never in
    it), so a log reader cannot test guesses against it; the ID is hashed first, so any text will do.
    """
    digest = hashlib.sha256(typed.encode("utf-8", "surrogatepass")).hexdigest()
    if uow.pii is not None:
        return uow.pii.lookup_hash("signin-id:" + digest)
    return hmac.new(_PROCESS_KEY, digest.encode("ascii"), hashlib.sha256).hexdigest()


# Only where a database is opened without the key (tools): such hashes are not comparable across processes.
_PROCESS_KEY = secrets.token_bytes(32)
_dummy_hashes: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash of a random password, made with the hasher in use: an unknown ID costs one verify too."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash(secrets.token_hex(16))
    return _dummy_hashes[key]


def _password_matches(stored: str | None, password: str) -> bool:
    """One argon2 verify, whether or not there is an account: unknown and known IDs take the same time."""
    try:
        return bool(_hasher.verify(stored or _dummy_hash(), password or "")) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def unknown_id_label(key: str) -> str:
    """How the access log names an ID that is no account: by its keyed hash, never the text typed."""
    return f"(미등록 아이디 {key[:12]})"


def _failure_row(uow: UnitOfWork, key: str, terminal: str, now: datetime) -> LoginFailure:
    """The failure count of this account at this terminal, locked (FOR UPDATE) for the rest of the sign-in."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    insert = pg_insert if uow.dialect == "postgresql" else sqlite_insert
    uow.session.execute(
        insert(LoginFailure)
        .values(account_key=key, terminal=terminal, failed_attempts=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["account_key", "terminal"])
    )
    return uow.session.scalars(
        select(LoginFailure)
        .where(LoginFailure.account_key == key, LoginFailure.terminal == terminal)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def sign_in(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    terminal_id: int | None,
    terminal_code: str,
    now: datetime | None = None,
) -> Actor:
    """Check the password; five failures at one terminal lock that account there for ten minutes.

    Every attempt is logged. An unknown ID, or text that is no ID at all (a password typed into the ID
    field), is logged only by its keyed hash, costs the same argon2 verify as a known one and is counted
    and locked out the same way, so neither the time nor the answers tell which IDs exist.
    """
    now = now or utcnow()
    name = (username or "").strip().lower()
    well_formed = bool(_USERNAME.match(name)) and mask_text(name) == name
    terminal = (terminal_code or "")[:40]
    with uow:
        key = _account_key(uow, name)
        user = None
        if well_formed:
            # Row lock: wrong passwords typed at several counters at once still count one by one (SQLite's
            # BEGIN IMMEDIATE already serialises them).
            user = uow.session.scalars(select(StaffUser).where(StaffUser.username == name).with_for_update()).first()
        known = user is not None and user.active
        label = name if known else unknown_id_label(key)
        failures = _failure_row(uow, key, terminal, now)

        def log(action: str, detail: str = "") -> None:
            audit.record(
                uow,
                None,
                action,
                record_type="user",
                record_id=label,
                detail=detail,
                username=label,
                terminal=terminal,
                at=now,
            )

        if failures.locked_until is not None and failures.locked_until > now:
            _password_matches(None, password)  # the same time as any other answer
            log("signin.locked")
            uow.commit()
            minutes = max(1, int((failures.locked_until - now).total_seconds() // 60) + 1)
            raise SignInFailed(
                "비밀번호를 {attempts}번 틀려 이 단말에서 계정이 잠겼습니다. 약 {minutes}분 뒤에 "
                "다시 시도하거나 관리자에게 잠금 해제를 요청하세요.",
                attempts=MAX_FAILED_ATTEMPTS,
                minutes=minutes,
            )
        if not _password_matches(user.password_hash if known and user is not None else None, password):
            failures.failed_attempts += 1
            failures.updated_at = now
            detail = f"{failures.failed_attempts}회 실패"
            action = "signin.fail"
            if failures.failed_attempts >= MAX_FAILED_ATTEMPTS:
                failures.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                failures.failed_attempts = 0
                action = "account.lock"
                detail = f"{MAX_FAILED_ATTEMPTS}회 실패로 이 단말에서 {LOCK_MINUTES}분 잠금"
            log(action, detail)
            _forget_old_failures(uow, now)
            uow.commit()
            if action == "account.lock":
                raise SignInFailed(
                    "비밀번호를 {attempts}번 틀려 이 단말에서 계정이 {minutes}분 동안 잠겼습니다.",
                    attempts=MAX_FAILED_ATTEMPTS,
                    minutes=LOCK_MINUTES,
                ) from None
            left = MAX_FAILED_ATTEMPTS - failures.failed_attempts
            raise SignInFailed(
                "아이디 또는 비밀번호가 맞지 않습니다. ({left}번 더 틀리면 잠깁니다)", left=left
            ) from None
        assert user is not None
        if user.role == "night" and (not night_window_open(now) or _office_closed(uow, user.office_id, now)):
            log("signin.refused", "야간 운영시간 외")
            uow.commit()
            raise SignInFailed(
                "야간 민원실 운영시간({hours})이 아닙니다. 운영시간에 로그인하세요.", hours=night_window_text()
            )
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        uow.session.delete(failures)
        user.failed_attempts = 0
        user.locked_until = None
        if terminal_id is not None and uow.session.get(Terminal, terminal_id) is None:
            terminal_id = None
        actor = Actor(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            office_id=user.office_id,
            terminal_id=terminal_id,
            terminal_code=terminal_code,
        )
        audit.record(uow, actor, "signin", record_type="user", record_id=name, at=now)
        uow.commit()
    return actor


def _forget_old_failures(uow: UnitOfWork, now: datetime) -> None:
    """Counts untouched for a day and not locking anything go (unknown IDs would otherwise pile up)."""
    cutoff = now - timedelta(days=1)
    uow.session.execute(
        delete(LoginFailure).where(
            LoginFailure.updated_at < cutoff,
            or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < now),
        )
    )


def _unlock_everywhere(uow: UnitOfWork, username: str) -> list[str]:
    """Lift the account's lockouts and failure counts at every terminal; returns the terminals it was locked at."""
    key = _account_key(uow, username)
    locked = uow.session.scalars(
        select(LoginFailure.terminal).where(LoginFailure.account_key == key, LoginFailure.locked_until > utcnow())
    ).all()
    uow.session.execute(delete(LoginFailure).where(LoginFailure.account_key == key))
    return sorted(locked)


def clean_display_name(value: object) -> str:
    """A staff member's name as shown on screens and in the log (이름): letters, at most 60 characters."""
    return clean_name(value, "이름", max_len=60)


def _locks_of(uow: UnitOfWork, username: str, now: datetime) -> datetime | None:
    """Until when the account is locked at some terminal (None: nowhere)."""
    until = uow.session.scalar(
        select(func.max(LoginFailure.locked_until)).where(
            LoginFailure.account_key == _account_key(uow, username), LoginFailure.locked_until > now
        )
    )
    return until


def _office_closed(uow: UnitOfWork, office_id: int, now: datetime) -> bool:
    """A day a supervisor closed the office (임시 휴무): the night window is shut too."""
    from app.domain.calendar import SEOUL
    from db.models_petitions import OfficeClosure

    day = now.astimezone(SEOUL).date()
    found = uow.session.scalars(
        select(OfficeClosure.id).where(OfficeClosure.office_id == office_id, OfficeClosure.day == day)
    ).first()
    return found is not None


def verify_password(uow: UnitOfWork, actor: Actor, password: str, *, now: datetime | None = None) -> None:
    """Unlock the idle screen: same password check and lockout as sign-in."""
    sign_in(
        uow,
        username=actor.username,
        password=password,
        terminal_id=actor.terminal_id,
        terminal_code=actor.terminal_code,
        now=now,
    )


def sign_out(uow: UnitOfWork, actor: Actor) -> None:
    with uow:
        audit.record(uow, actor, "signout", record_type="user", record_id=actor.username)
        uow.commit()


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserView]:
    authorize(actor, "users.manage")
    with uow:
        users = uow.session.scalars(select(StaffUser).order_by(StaffUser.username)).all()
        return [_user_view(u, uow) for u in users]


def generate_password() -> str:
    """A readable random password for demo accounts (letters and digits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10)) + secrets.choice("23456789")


def _get_user(uow: UnitOfWork, actor: Actor, user_id: int) -> StaffUser:
    """The account, its row locked: two admins changing it at once are served one after the other."""
    user_id = clean_int(user_id, "사용자 번호", minimum=1, maximum=2**31 - 1)
    user = uow.session.get(StaffUser, user_id, with_for_update=True, populate_existing=True)
    if user is None or user.office_id != actor.office_id:
        raise ValidationError("사용자를 찾을 수 없습니다.")
    return user


def update_user(
    uow: UnitOfWork,
    actor: Actor,
    *,
    user_id: int,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
) -> UserView:
    """Change a user's role, name or whether the account may sign in (admin)."""
    authorize(actor, "users.manage")
    with uow:
        user = _get_user(uow, actor, user_id)
        changes = []
        if role is not None and role != user.role:
            if role not in ROLE_LABELS:
                raise ValidationError("알 수 없는 역할입니다: {role}", role=role)
            if user.id == actor.user_id and role != "admin":
                raise ValidationError("자기 자신의 관리자 권한은 없앨 수 없습니다.")
            changes.append(f"역할 {user.role}→{role}")
            user.role = role
        if active is not None and active != user.active:
            if user.id == actor.user_id and not active:
                raise ValidationError("자기 자신의 계정은 사용 중지할 수 없습니다.")
            changes.append("사용" if active else "사용 중지")
            user.active = active
        if display_name is not None and display_name.strip():
            name = clean_display_name(display_name)
            if name != user.display_name:
                changes.append("이름 변경")
                user.display_name = name
        if changes:
            audit.record(
                uow, actor, "user.update", record_type="user", record_id=user.username, detail=", ".join(changes)
            )
        view = _user_view(user, uow)
        uow.commit()
    return view


def reset_password(uow: UnitOfWork, actor: Actor, *, user_id: int, new_password: str) -> UserView:
    """Set a new password (admin) and lift a lock."""
    authorize(actor, "users.manage")
    validate_password(new_password)
    with uow:
        user = _get_user(uow, actor, user_id)
        user.password_hash = hash_password(new_password)
        user.failed_attempts = 0
        user.locked_until = None
        _unlock_everywhere(uow, user.username)
        audit.record(uow, actor, "user.update", record_type="user", record_id=user.username, detail="비밀번호 재설정")
        view = _user_view(user, uow)
        uow.commit()
    return view


def unlock_user(uow: UnitOfWork, actor: Actor, *, user_id: int) -> UserView:
    authorize(actor, "users.manage")
    with uow:
        user = _get_user(uow, actor, user_id)
        user.failed_attempts = 0
        user.locked_until = None
        terminals = _unlock_everywhere(uow, user.username)
        audit.record(
            uow,
            actor,
            "user.update",
            record_type="user",
            record_id=user.username,
            detail="잠금 해제" + (f" ({', '.join(terminals)})" if terminals else ""),
        )
        view = _user_view(user, uow)
        uow.commit()
    return view


def change_own_password(uow: UnitOfWork, actor: Actor, *, old_password: str, new_password: str) -> None:
    validate_password(new_password)
    # The current password is checked like a sign-in: failures count towards the lock and are logged.
    verify_password(uow, actor, old_password)
    with uow:
        user = uow.session.get(StaffUser, actor.user_id)
        if user is None:
            raise ValidationError("사용자를 찾을 수 없습니다.")
        user.password_hash = hash_password(new_password)
        audit.record(
            uow, actor, "user.update", record_type="user", record_id=user.username, detail="본인 비밀번호 변경"
        )
        uow.commit()


def record_screen_lock(uow: UnitOfWork, actor: Actor, *, locked: bool) -> None:
    with uow:
        audit.record(
            uow, actor, "screen.lock" if locked else "screen.unlock", record_type="user", record_id=actor.username
        )
        uow.commit()
