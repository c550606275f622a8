"""Who is acting: the signed-in member of staff at a terminal, passed to every service call.

Also the one gate every service call of a signed-in user goes through: ``acting_uow`` gives the unit of
work the screens hand to services, and each unit of work it opens first re-reads the account (one indexed
query by primary key). A stopped account gets nothing, reads included; a changed role is refused until the
user signs in again, so a demoted clerk loses the old role's actions on the very next call.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.i18n import N_
from app.services.errors import PermissionDenied
from db.models import StaffUser
from db.uow import UnitOfWork

if TYPE_CHECKING:
    from db.uow import Database

ROLE_LABELS = {  # 역할
    "clerk": N_("민원창구"),
    "night": N_("야간 민원실"),
    "guide": N_("여권 안내 도우미"),
    "supervisor": N_("팀장·과장"),
    "admin": N_("관리자"),
}


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: str
    office_id: int
    terminal_id: int | None
    terminal_code: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class AccountStopped(PermissionDenied):
    """The account was stopped (사용 중지) or removed since sign-in: nothing more is answered."""

    def __init__(self) -> None:
        super().__init__("이 계정은 사용이 중지되었습니다. 관리자에게 문의하세요.")


class RoleChanged(PermissionDenied):
    """The account's role changed since sign-in: the old role's rights end now."""

    def __init__(self) -> None:
        super().__init__("계정의 역할이 바뀌었습니다. 로그아웃한 뒤 다시 로그인하세요.")


def check_account(uow: UnitOfWork, actor: Actor) -> None:
    """Refuse (``AccountStopped``/``RoleChanged``) unless the account is active with the role signed in.

    One query by primary key inside the open transaction; no ORM object is loaded, so nothing the service
    reads later comes from a cached row.
    """
    row = uow.session.execute(select(StaffUser.active, StaffUser.role).where(StaffUser.id == actor.user_id)).first()
    if row is None or not row.active:
        raise AccountStopped()
    if row.role != actor.role:
        raise RoleChanged()


class ActingUnitOfWork(UnitOfWork):
    """A unit of work on behalf of ``actor``: opening it (the outermost ``with``) checks the account first."""

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__(database.session_factory, pii=database.pii, listeners=database.change_listeners)
        self.actor = actor
        self._open = 0

    def __enter__(self) -> ActingUnitOfWork:
        super().__enter__()
        self._open += 1
        if self._open == 1:
            try:
                check_account(self, self.actor)
            except BaseException:
                self.__exit__(*sys.exc_info())
                raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._open -= 1
        super().__exit__(exc_type, exc, tb)


def acting_uow(database: Database, actor: Actor) -> ActingUnitOfWork:
    """The unit of work a signed-in user's screen passes to a service (``UiContext.uow``)."""
    return ActingUnitOfWork(database, actor)


def check_signed_in(database: Database, actor: Actor) -> None:
    """The same gate for a service that works on the database as a whole rather than in one unit of work
    (the key export and rotation): call it before anything is read or written."""
    with acting_uow(database, actor):
        pass
