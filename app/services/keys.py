"""Admin actions on the resident-number key: export it for a new counter, rotate it; each is logged.

The key material is handled in ``db.keys``; here are the permission checks and the access-log entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services import audit
from app.services.actor import Actor, check_signed_in
from app.services.errors import ValidationError
from app.services.roles import authorize
from db import keys
from db.pii import KeyFileError
from db.uow import Database

MIN_PASSPHRASE = keys.MIN_PASSPHRASE
RotationState = keys.RotationState


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """What the 관리 tab shows: the key ids the database needs and a rotation under way, if any."""

    key_ids: tuple[str, ...]
    rotation: keys.RotationState | None


def status(database: Database, actor: Actor) -> KeyStatus:
    authorize(actor, "office.setup")
    check_signed_in(database, actor)
    return KeyStatus(keys.required_key_ids(database), keys.rotation_under_way(database))


def export_key(
    database: Database, actor: Actor, *, key_file: Path, path: Path, passphrase: str, confirm: str
) -> tuple[str, ...]:
    """Seal this database's keys into ``path`` under a passphrase (typed twice) for a new counter."""
    authorize(actor, "office.setup")
    check_signed_in(database, actor)
    if passphrase != confirm:
        raise ValidationError("두 번 입력한 암호가 서로 다릅니다.")
    try:
        keys.check_passphrase(passphrase)
        ids = keys.export_keys(key_file, path, passphrase, key_ids=keys.required_key_ids(database))
    except KeyFileError as exc:
        raise ValidationError.of(exc) from None
    with database.uow() as uow:
        audit.record(uow, actor, "key.export", record_type="pii_key", record_id=",".join(ids), detail=path.name)
        uow.commit()
    return ids


def rotate_key(
    database: Database,
    actor: Actor | None,
    *,
    key_file: Path,
    batch_size: int = 200,
    on_batch: Callable[[keys.RotationState], None] | None = None,
) -> keys.RotationState:
    """Start (or go on with) a key rotation and run it to the end; a cut-off run is resumed by calling again.

    ``actor`` None: ``main.py --rotate-key`` run by the administrator on the command line.
    """
    if actor is not None:
        authorize(actor, "office.setup")
        check_signed_in(database, actor)
    try:
        started = keys.start_rotation(database, key_file)
        with database.uow() as uow:
            audit.record(
                uow,
                actor,
                "key.rotate",
                record_type="pii_key",
                record_id=started.new_key_id,
                detail=f"{started.old_key_id} → {started.new_key_id} 시작/재개 ({started.rows_done}건 완료 상태)",
                username="" if actor else "(관리 명령)",
            )
            uow.commit()
        done = keys.run_rotation(database, key_file, batch_size=batch_size, on_batch=on_batch)
    except KeyFileError as exc:
        raise ValidationError.of(exc) from None
    with database.uow() as uow:
        audit.record(
            uow,
            actor,
            "key.rotate",
            record_type="pii_key",
            record_id=done.new_key_id,
            detail=f"{done.old_key_id} → {done.new_key_id} 완료: {done.rows_done}건 다시 암호화",
            username="" if actor else "(관리 명령)",
        )
        uow.commit()
    return done


def import_key(path: Path, passphrase: str, *, key_file: Path, required: tuple[str, ...]) -> tuple[str, ...]:
    """A new counter's first start: install the key file an admin exported (before anyone signs in).

    The import is logged by the next start (the key id the database holds is then this counter's).
    """
    if not str(path).strip():
        raise ValidationError("가져올 키 파일을 고르세요.")
    if not passphrase:
        raise ValidationError("키 파일 암호를 입력하세요.")
    try:
        return keys.import_keys(Path(path), passphrase, key_file, required=required)
    except KeyFileError as exc:
        raise ValidationError.of(exc) from None
