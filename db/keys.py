"""The resident-number keys and the database: the key's fingerprint is checked at every start, a key is made
only for a new database, an admin hands it on in a passphrase-protected file, and a rotation re-encrypts.

- ``open_cipher``: at start-up. The database stores the fingerprint (``pii_keys``) of the key every value is
  written with; a counter whose key file is missing (``KeyMissing``) or holds another key (``KeyMismatch``)
  refuses with a message that says what to do. Only a database without any encrypted value and without a
  registered key gets a new key, made under a lock so that two counters starting at once make one.
- ``export_keys`` / ``import_keys``: the key ring in a file sealed with scrypt + AES-GCM under a passphrase.
- ``start_rotation`` / ``run_rotation``: a new key becomes the one new values are written with; every
  encrypted value (and its look-up hash) is re-written in batches, the position kept in
  ``pii_key_rotations`` so that a run cut off half-way goes on where it stopped. Both keys are read until
  the last row is done; then the old key is retired and dropped from the key file.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Column, LargeBinary, Table, select, text, update
from sqlalchemy.orm import Session

from app.domain.messages import N_, Text
from db.models import Base, utcnow
from db.models_security import PiiKey, PiiKeyRotation
from db.pii import KeyFileError, PiiCipher, key_id_of, load_key_ring, write_key_file
from db.uow import Database

# Key of the PostgreSQL advisory lock under which a key is registered or a rotation changes state.
KEY_LOCK_KEY = 0x4D494E4B  # "MINK"
EXPORT_FORMAT = "minwon-desk-key-export-v1"
MIN_PASSPHRASE = 12
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}

ACTIVE, RETIRING, RETIRED = "active", "retiring", "retired"

_HOW_TO_IMPORT = N_(
    "관리자에게 관리 탭의 '암호화 키 내보내기'로 만든 키 파일과 그 암호를 받아, 이 단말의 첫 실행 화면에서 "
    "가져오거나 'python main.py --import-key 키파일' 을 실행하세요."
)


class KeyMissing(KeyFileError):
    """This database's key is not on this counter; the counter must import it (nothing was created)."""

    def __init__(self, message: str, key_ids: tuple[str, ...]) -> None:
        super().__init__(message)
        self.key_ids = key_ids


class KeyMismatch(KeyMissing):
    """The key file holds another key than the one this database was written with."""


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": KEY_LOCK_KEY})


# --- Encrypted columns -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EncryptedColumn:
    table: Table
    pk: Column[Any]
    cipher: Column[Any]
    lookup: Column[Any] | None

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.cipher.name}"


def encrypted_columns() -> list[EncryptedColumn]:
    """Every ``*_cipher`` binary column of every table (with its ``*_hmac`` look-up hash, if any)."""
    import db.all_models  # noqa: F401  (registers every table)

    found: list[EncryptedColumn] = []
    for table in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
        pks = list(table.primary_key.columns)
        if len(pks) != 1:
            continue
        for column in table.columns:
            if column.name.endswith("_cipher") and isinstance(column.type, LargeBinary):
                lookup = table.columns.get(column.name[: -len("_cipher")] + "_hmac")
                found.append(EncryptedColumn(table, pks[0], column, lookup))
    return found


def _one_encrypted_value(session: Session) -> bytes | None:
    for col in encrypted_columns():
        value = session.execute(select(col.cipher).where(col.cipher.is_not(None)).limit(1)).scalar()
        if value is not None:
            return bytes(value)
    return None


# --- Start-up ----------------------------------------------------------------------------------------------


def _registered(session: Session) -> tuple[str | None, list[str]]:
    rows = session.scalars(select(PiiKey)).all()
    active = next((k.key_id for k in rows if k.state == ACTIVE), None)
    return active, [k.key_id for k in rows if k.state == RETIRING]


def _cipher_from_ring(ring: list[bytes], active: str, retiring: list[str], path: Path) -> PiiCipher:
    by_id = {key_id_of(k): k for k in ring}
    needed = (active, *retiring)
    missing = [k for k in needed if k not in by_id]
    if missing:
        have = ", ".join(sorted(by_id))
        raise KeyMismatch(
            Text(
                "이 단말의 암호화 키(지문 {have})가 이 데이터베이스의 키(지문 {missing})와 다릅니다 ({path}). "
                "다른 데이터베이스의 키이거나 교체되기 전의 키입니다. {how}",
                have=have,
                missing=", ".join(missing),
                path=str(path),
                how=_HOW_TO_IMPORT,
            ),
            needed,
        )
    return PiiCipher(by_id[active], also=[by_id[k] for k in retiring])


def open_cipher(database: Database, key_file: Path) -> PiiCipher:
    """The cipher of this database from the key file, checked against the key id the database stores.

    A new key is made (and the key file written) only when the database has neither a key id nor any
    encrypted value; the key id is registered in the same locked transaction, so of two counters starting
    at once on a new database one makes the key and the other is told to import it.
    """
    with database.session_factory() as session:
        active, retiring = _registered(session)
        if active is not None and key_file.exists():
            return _cipher_from_ring(load_key_ring(key_file), active, retiring, key_file)
        _lock(session)
        active, retiring = _registered(session)
        if active is not None:
            if not key_file.exists():
                raise KeyMissing(
                    Text(
                        "이 데이터베이스의 주민등록번호 암호화 키(지문 {key})가 이 단말에 없습니다 ({path}). "
                        "새 키를 만들면 기존 자료를 읽을 수 없으므로 만들지 않았습니다. {how}",
                        key=active,
                        path=str(key_file),
                        how=_HOW_TO_IMPORT,
                    ),
                    (active, *retiring),
                )
            return _cipher_from_ring(load_key_ring(key_file), active, retiring, key_file)
        sample = _one_encrypted_value(session)
        if sample is not None:
            # A database from before key ids: the key file must read what is already there.
            if not key_file.exists():
                raise KeyMissing(
                    Text(
                        "이 데이터베이스에는 암호화된 주민등록번호가 있는데 이 단말에 키 파일이 없습니다 ({path}). "
                        "{how}",
                        path=str(key_file),
                        how=_HOW_TO_IMPORT,
                    ),
                    (),
                )
            ring = load_key_ring(key_file)
            readable = [k for k in ring if _reads(PiiCipher(k), sample)]
            if not readable:
                raise KeyMismatch(
                    Text(
                        "이 단말의 암호화 키({path})로는 이 데이터베이스의 주민등록번호를 읽을 수 없습니다. {how}",
                        path=str(key_file),
                        how=_HOW_TO_IMPORT,
                    ),
                    (),
                )
            key = readable[0]
            session.add(PiiKey(key_id=key_id_of(key), state=ACTIVE, created_at=utcnow()))
            session.commit()
            return PiiCipher(key)
        created = not key_file.exists()
        if created:
            key = secrets.token_bytes(32)
            write_key_file(key_file, [key])
        else:
            key = load_key_ring(key_file)[0]
        try:
            session.add(PiiKey(key_id=key_id_of(key), state=ACTIVE, created_at=utcnow()))
            session.commit()
        except BaseException:
            if created:
                key_file.unlink(missing_ok=True)
            raise
        return PiiCipher(key)


def _reads(cipher: PiiCipher, blob: bytes) -> bool:
    try:
        cipher.decrypt(blob)
    except KeyFileError:
        return False
    return True


def required_key_ids(database: Database) -> tuple[str, ...]:
    """The key ids a counter must hold for this database (the active one first)."""
    with database.session_factory() as session:
        active, retiring = _registered(session)
    return tuple(k for k in (active, *retiring) if k)


# --- Export and import -------------------------------------------------------------------------------------


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyFileError(Text("키 파일 암호는 {count}자 이상이어야 합니다.", count=MIN_PASSPHRASE))
    if len(set(passphrase)) < 4:
        raise KeyFileError("키 파일 암호가 너무 단순합니다: 서로 다른 글자를 섞으세요.")


def _kdf(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(passphrase.encode())


def export_keys(key_file: Path, out: Path, passphrase: str, *, key_ids: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Seal the key ring of ``key_file`` (or just ``key_ids`` of it) into ``out`` under ``passphrase``."""
    check_passphrase(passphrase)
    ring = load_key_ring(key_file)
    if key_ids:
        ring = [k for k in ring if key_id_of(k) in key_ids]
    ids = tuple(key_id_of(k) for k in ring)
    if not ring or (key_ids and set(ids) != set(key_ids)):
        raise KeyFileError("이 단말의 키 파일에 이 데이터베이스의 키가 모두 있지 않아 내보낼 수 없습니다.")
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    aad = f"{EXPORT_FORMAT}:{','.join(ids)}".encode()
    payload = "\n".join(base64.b64encode(k).decode("ascii") for k in ring).encode("ascii")
    sealed = AESGCM(_kdf(passphrase, salt, _SCRYPT)).encrypt(nonce, payload, aad)
    document = {
        "format": EXPORT_FORMAT,
        "kdf": {"name": "scrypt", **_SCRYPT},
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "key_ids": list(ids),
        "sealed": base64.b64encode(sealed).decode("ascii"),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(document, fh, indent=1)
    os.chmod(out, 0o600)
    return ids


def read_export(path: Path, passphrase: str) -> list[bytes]:
    """The keys sealed in an export file; a wrong passphrase or a damaged file is refused in Korean."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != EXPORT_FORMAT:
            raise ValueError("format")
        params = {k: int(document["kdf"][k]) for k in ("n", "r", "p")}
        salt = base64.b64decode(document["salt"], validate=True)
        nonce = base64.b64decode(document["nonce"], validate=True)
        sealed = base64.b64decode(document["sealed"], validate=True)
        ids = [str(i) for i in document["key_ids"]]
    except FileNotFoundError:
        raise KeyFileError(Text("키 파일이 없습니다: {path}", path=str(path))) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyFileError(Text("내보낸 키 파일의 형식이 아닙니다: {name}", name=path.name)) from exc
    if params["n"] > 2**20 or params["r"] > 16 or params["p"] > 4:
        raise KeyFileError(Text("내보낸 키 파일의 형식이 아닙니다: {name}", name=path.name))
    aad = f"{EXPORT_FORMAT}:{','.join(ids)}".encode()
    try:
        payload = AESGCM(_kdf(passphrase, salt, params)).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise KeyFileError("키 파일의 암호가 맞지 않거나 파일이 손상되었습니다. 암호를 확인하세요.") from None
    keys = [base64.b64decode(line) for line in payload.decode("ascii").split()]
    if [key_id_of(k) for k in keys] != ids:
        raise KeyFileError(Text("내보낸 키 파일이 손상되었습니다: {name}", name=path.name))
    return keys


def import_keys(path: Path, passphrase: str, key_file: Path, *, required: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Install the keys of an export file as this counter's key file; a key file already there is kept aside.

    ``required``: the key ids the database needs (from ``required_key_ids``); an export without them is
    refused before anything is written.
    """
    keys = read_export(path, passphrase)
    ids = tuple(key_id_of(k) for k in keys)
    missing = [k for k in required if k not in ids]
    if missing:
        raise KeyFileError(
            Text(
                "이 키 파일(지문 {have})에는 이 데이터베이스의 키(지문 {missing})가 없습니다. "
                "관리자에게 이 데이터베이스를 쓰는 단말에서 다시 내보내 달라고 하세요.",
                have=", ".join(ids),
                missing=", ".join(missing),
            )
        )
    if key_file.exists():
        key_file.replace(key_file.with_name(f"{key_file.name}.replaced-{time.strftime('%Y%m%d-%H%M%S')}"))
    write_key_file(key_file, keys)
    return ids


# --- Rotation ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RotationState:
    old_key_id: str
    new_key_id: str
    position: str
    rows_done: int
    finished: bool


def _state(rotation: PiiKeyRotation) -> RotationState:
    return RotationState(
        rotation.old_key_id,
        rotation.new_key_id,
        rotation.position,
        rotation.rows_done,
        rotation.finished_at is not None,
    )


def _open_rotation(session: Session, *, lock: bool = False) -> PiiKeyRotation | None:
    query = select(PiiKeyRotation).where(PiiKeyRotation.finished_at.is_(None)).order_by(PiiKeyRotation.id)
    return session.scalars(query.with_for_update() if lock else query).first()


def rotation_under_way(database: Database) -> RotationState | None:
    with database.session_factory() as session:
        rotation = _open_rotation(session)
        return _state(rotation) if rotation else None


def start_rotation(database: Database, key_file: Path) -> RotationState:
    """Make a new key (written to the key file beside the old one first), make it the active key.

    A rotation already under way (a run that was cut off) is returned as it is, to be run on.
    """
    with database.session_factory() as session:
        _lock(session)
        rotation = _open_rotation(session, lock=True)
        if rotation is not None:
            return _state(rotation)
        active, retiring = _registered(session)
        if active is None:
            raise KeyFileError("이 데이터베이스에 등록된 암호화 키가 없습니다.")
        ring = load_key_ring(key_file)
        old = _cipher_from_ring(ring, active, retiring, key_file)
        new_key = secrets.token_bytes(32)
        new_id = key_id_of(new_key)
        # The new key reaches the disk before the database names it: a crash in between leaves a spare key.
        write_key_file(key_file, [new_key, *ring], replace=True)
        session.execute(update(PiiKey).where(PiiKey.key_id == active).values(state=RETIRING))
        session.add(PiiKey(key_id=new_id, state=ACTIVE, created_at=utcnow()))
        rotation = PiiKeyRotation(old_key_id=old.key_id, new_key_id=new_id, position="", rows_done=0)
        session.add(rotation)
        session.commit()
        state = _state(rotation)
    database.pii = open_cipher(database, key_file)
    return state


_END = "(끝)"


def _columns_after(position: str) -> tuple[list[EncryptedColumn], int]:
    columns = encrypted_columns()
    if position == _END:
        return [], 0
    if not position:
        return columns, 0
    name, _, last = position.rpartition(":")
    names = [c.name for c in columns]
    if name not in names:
        return columns, 0
    return columns[names.index(name) :], int(last or 0)


def run_rotation(
    database: Database,
    key_file: Path,
    *,
    batch_size: int = 200,
    on_batch: Callable[[RotationState], None] | None = None,
) -> RotationState:
    """Re-encrypt every value not yet on the new key, batch by batch, each batch one locked transaction.

    ``on_batch`` is called after each committed batch (progress; a test raises there to cut a run off).
    When the last row is done (checked by a second pass, which also catches values that a counter still
    holding the old key wrote meanwhile), the old key is retired and dropped from the key file.
    """
    if batch_size < 1:
        raise ValueError("batch_size")
    database.pii = open_cipher(database, key_file)
    cipher = database.pii
    for _pass in range(3):
        moved = 0
        while True:
            with database.session_factory() as session:
                rotation = _open_rotation(session, lock=True)
                if rotation is None:
                    raise KeyFileError("진행 중인 암호화 키 교체가 없습니다.")
                columns, last = _columns_after(rotation.position)
                if not columns:
                    break
                col = columns[0]
                rows = session.execute(
                    select(col.pk, col.cipher)
                    .where(col.pk > last, col.cipher.is_not(None))
                    .order_by(col.pk)
                    .limit(batch_size)
                    .with_for_update()
                ).all()
                for pk, blob in rows:
                    if cipher.key_id_in(bytes(blob)) == rotation.new_key_id:
                        continue
                    digits = cipher.decrypt(bytes(blob))
                    values: dict[str, object] = {col.cipher.name: cipher.encrypt(digits)}
                    if col.lookup is not None:
                        values[col.lookup.name] = cipher.lookup_hash(digits)
                    session.execute(update(col.table).where(col.pk == pk).values(**values))
                    moved += 1
                    rotation.rows_done += 1
                if len(rows) < batch_size:
                    following = columns[1:]
                    rotation.position = f"{following[0].name}:0" if following else _END
                else:
                    rotation.position = f"{col.name}:{rows[-1][0]}"
                session.commit()
                state = _state(rotation)
            if on_batch is not None:
                on_batch(state)
            if state.position == _END:
                break
        with database.session_factory() as session:
            rotation = _open_rotation(session, lock=True)
            assert rotation is not None
            if _all_on(session, cipher, rotation.new_key_id):
                return _finish(database, session, rotation, key_file)
            rotation.position = ""  # values written meanwhile with the old key: one more pass
            session.commit()
    raise KeyFileError(
        "암호화 키 교체 중에 옛 키로 쓰는 단말이 있어 끝내지 못했습니다. 다른 단말을 닫고 다시 실행하세요."
    )


def _all_on(session: Session, cipher: PiiCipher, key_id: str) -> bool:
    for col in encrypted_columns():
        last = None
        while True:
            query = select(col.pk, col.cipher).where(col.cipher.is_not(None)).order_by(col.pk).limit(2000)
            if last is not None:
                query = query.where(col.pk > last)
            rows = session.execute(query).all()
            if not rows:
                break
            if any(cipher.key_id_in(bytes(blob)) != key_id for _, blob in rows):
                return False
            last = rows[-1][0]
    return True


def _finish(database: Database, session: Session, rotation: PiiKeyRotation, key_file: Path) -> RotationState:
    _lock(session)
    session.execute(update(PiiKey).where(PiiKey.key_id == rotation.old_key_id).values(state=RETIRED))
    rotation.finished_at = utcnow()
    session.commit()
    state = _state(rotation)
    ring = load_key_ring(key_file)
    keep = [k for k in ring if key_id_of(k) == rotation.new_key_id]
    if keep:
        write_key_file(key_file, keep, replace=True)
    database.pii = open_cipher(database, key_file)
    return state
