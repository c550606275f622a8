"""The client id of an action on an existing record: a retry after a lost reply is answered, not refused.

Use cases that change a record take ``client_uuid``; ``already_done`` tells them the same action with the same
id went through before (they return the record as it is now, marked with ``answered``), ``remember`` writes the
id in the same transaction as the change, so the two can never disagree. A view marked ``replayed`` tells the
screen to say "이미 저장되어 있습니다" instead of reporting a second save (``ui.ops.run`` does, for every form).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.services.actor import Actor
from app.services.errors import ValidationError
from db.errors import is_unique_violation
from db.models_actions import ActionKey
from db.uow import UnitOfWork

T = TypeVar("T")


def already_done(
    uow: UnitOfWork, actor: Actor, *, client_uuid: uuid.UUID | None, action: str, record_type: str, record_id: object
) -> bool:
    """True when this very action on this record was done before under ``client_uuid`` (in the OPEN uow)."""
    if client_uuid is None:
        return False
    seen = uow.session.scalars(select(ActionKey).where(ActionKey.uuid == client_uuid)).first()
    if seen is None:
        return False
    if (seen.office_id, seen.action, seen.record_type, seen.record_id) != (
        actor.office_id,
        action,
        record_type,
        str(record_id),
    ):
        raise ValidationError("이 요청 번호는 다른 처리에 이미 쓰였습니다. 화면을 새로 고친 뒤 다시 하세요.")
    return True


def remember(
    uow: UnitOfWork, actor: Actor, *, client_uuid: uuid.UUID | None, action: str, record_type: str, record_id: object
) -> None:
    """Write the action's client id into the OPEN unit of work (nothing when the caller sent none)."""
    if client_uuid is None:
        return
    uow.session.add(
        ActionKey(
            uuid=client_uuid,
            office_id=actor.office_id,
            action=action,
            record_type=record_type,
            record_id=str(record_id),
        )
    )


def answered(view: T) -> T:
    """``view`` marked as the answer to a replay (its ``replayed`` flag set), for views that carry the flag."""
    if (
        dataclasses.is_dataclass(view)
        and not isinstance(view, type)
        and any(f.name == "replayed" for f in dataclasses.fields(view))
    ):
        return dataclasses.replace(view, replayed=True)
    return view


def write_once(write: Callable[[], T], find: Callable[[], T | None]) -> T:
    """Run ``write`` (a use case that opens and commits its own unit of work, keyed by a client id); when a
    twin with the same client id committed first (the unique index refuses ours), answer with what ``find``
    reads instead (marked ``answered``): the second of two concurrent replays gets the same answer as the first,
    not a bug dialog.
    """
    try:
        return write()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        found = find()
        if found is None:
            raise
        return answered(found)
