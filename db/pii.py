"""Encryption of resident numbers at rest (개인정보 보호법 제24조의2): AES-GCM plus a keyed hash for look-up.

The key lives outside the database in a key file readable by its owner only; every counter that shares
a PostgreSQL server must be given the same key file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.messages import N_, Text

KEY_FILE_HEADER = "minwon-desk-key-v1"
_NONCE_BYTES = 12
_VERSION = b"\x01"  # nonce + ciphertext (written before key ids: read with any key of the ring)
_VERSION_KEYED = b"\x02"  # key id (6 bytes) + nonce + ciphertext
_KEY_ID_BYTES = 6


class KeyFileError(RuntimeError):
    """The key file is missing, unreadable or too open; the message says what to do (Korean)."""


MISSING_KEY_FILE = N_("암호화 키 파일이 없습니다: {path}. 관리자에게 키 파일을 받아 설정하세요.")
WRONG_KEY = (
    "주민등록번호를 복호화할 수 없습니다: 이 단말의 암호화 키가 데이터베이스와 다릅니다. "
    "관리자에게 공용 키 파일을 받아 설정하세요."
)


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def key_id_of(master_key: bytes) -> str:
    """The fingerprint of a master key (12 hex digits); the database stores it, never the key."""
    return hashlib.sha256(_derive(master_key, b"minwon-desk rrn lookup")).hexdigest()[:12]


class _Key:
    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 32:
            raise KeyFileError("암호화 키가 너무 짧습니다 (32바이트 이상 필요).")
        self.aead = AESGCM(_derive(master_key, b"minwon-desk rrn encryption"))
        self.mac_key = _derive(master_key, b"minwon-desk rrn lookup")
        self.key_id = hashlib.sha256(self.mac_key).hexdigest()[:12]
        self.tag = bytes.fromhex(self.key_id)


class PiiCipher:
    """Encrypts, decrypts and hashes resident numbers with keys derived from one master key.

    ``also`` are older keys kept while a rotation re-encrypts (``db.keys``): values written with them are
    still read, and a look-up tries their hashes too; everything new is written with ``master_key``.
    """

    def __init__(self, master_key: bytes, *, also: tuple[bytes, ...] | list[bytes] = ()) -> None:
        self._current = _Key(master_key)
        self._keys = {self._current.key_id: self._current}
        for other in also:
            key = _Key(other)
            self._keys.setdefault(key.key_id, key)
        self.key_id = self._current.key_id

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The current key's id first, then the older ones this cipher still reads."""
        return tuple(self._keys)

    def encrypt(self, digits: str) -> bytes:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        key = self._current
        return _VERSION_KEYED + key.tag + nonce + key.aead.encrypt(nonce, digits.encode("ascii"), b"rrn")

    def key_id_in(self, blob: bytes) -> str | None:
        """The key id a value was written with (None for values written before key ids)."""
        if blob[:1] == _VERSION_KEYED and len(blob) > 1 + _KEY_ID_BYTES:
            return blob[1 : 1 + _KEY_ID_BYTES].hex()
        return None

    def decrypt(self, blob: bytes) -> str:
        if not blob or blob[:1] not in (_VERSION, _VERSION_KEYED):
            raise KeyFileError(
                "주민등록번호 암호문의 형식을 알 수 없습니다 (손상되었거나 다른 프로그램이 쓴 값). "
                "전산 담당자에게 알리세요."
            )
        if blob[:1] == _VERSION_KEYED:
            key = self._keys.get(blob[1 : 1 + _KEY_ID_BYTES].hex())
            if key is None:
                raise KeyFileError(WRONG_KEY)
            candidates = [key]
            rest = blob[1 + _KEY_ID_BYTES :]
        else:
            candidates = list(self._keys.values())
            rest = blob[1:]
        nonce, body = rest[:_NONCE_BYTES], rest[_NONCE_BYTES:]
        for key in candidates:
            try:
                return key.aead.decrypt(nonce, body, b"rrn").decode("ascii")
            except InvalidTag:
                continue
        raise KeyFileError(WRONG_KEY)

    def lookup_hash(self, digits: str) -> str:
        """The keyed hash under the current key: what a new row stores."""
        return hmac.new(self._current.mac_key, digits.encode("ascii"), hashlib.sha256).hexdigest()

    def lookup_hashes(self, digits: str) -> list[str]:
        """The keyed hash under every key this cipher holds (current first): a look-up during a rotation."""
        return [hmac.new(k.mac_key, digits.encode("ascii"), hashlib.sha256).hexdigest() for k in self._keys.values()]


def write_key_file(path: Path, keys: list[bytes] | tuple[bytes, ...], *, replace: bool = False) -> None:
    """Write a key file (owner-only, 0600, atomically); several keys make a key ring (during a rotation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = KEY_FILE_HEADER + "\n" + "".join(base64.b64encode(k).decode("ascii") + "\n" for k in keys)
    target = path.with_name(path.name + ".tmp") if replace else path
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(target, flags, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    if replace:
        os.chmod(target, 0o600)
        os.replace(target, path)


def load_key_ring(path: Path) -> list[bytes]:
    """Every key in the key file (one, or several during a rotation); ``KeyFileError`` when unusable."""
    if not path.exists():
        raise KeyFileError(Text(MISSING_KEY_FILE, path=str(path)))
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileError(
                Text(
                    "암호화 키 파일의 권한이 너무 넓습니다 ({mode}): {path}. "
                    "'chmod 600 {path}' 로 소유자만 읽게 하세요.",
                    mode=oct(mode),
                    path=str(path),
                )
            )
    try:
        header, *encoded = path.read_text(encoding="ascii").split()
        if header != KEY_FILE_HEADER or not encoded:
            raise ValueError(header)
        return [base64.b64decode(e, validate=True) for e in encoded]
    except (ValueError, OSError) as exc:
        raise KeyFileError(
            Text("암호화 키 파일을 읽을 수 없습니다: {path} ({error})", path=str(path), error=str(exc))
        ) from exc


def load_or_create_key(path: Path, *, create: bool = True) -> bytes:
    """Read the (first) master key from ``path``; create it (mode 0600) when missing and ``create`` is set.

    The program itself opens keys through ``db.keys.open_cipher``, which creates a key only for a new
    database; this stays for tools and tests that hold a key of their own.
    """
    if not path.exists():
        if not create:
            raise KeyFileError(Text(MISSING_KEY_FILE, path=str(path)))
        key = secrets.token_bytes(32)
        write_key_file(path, [key])
        return key
    return load_key_ring(path)[0]


_NEVER_MASK = ("hash", "hmac", "cipher")


def mask_free_text_before_flush(session: Any, _context: Any, _instances: Any) -> None:
    """Defence in depth: no text or JSON column is ever written with a resident number in it.

    Services mask what they know is free text, but a clerk can type a number into any note, reason or
    name field (in any form: full-width digits, an en dash, dots, spaces between the digits); this catches
    every one of them on every table, in String columns and in the strings inside JSON columns (the old
    name of a 개명 filing, say), before it reaches the database file.
    """
    from sqlalchemy import JSON, String, inspect

    from app.domain.identity import mask_text

    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for column in mapper.columns:
            if any(part in column.key for part in _NEVER_MASK):
                continue
            value = getattr(obj, column.key, None)
            if isinstance(column.type, String) and isinstance(value, str):
                masked = mask_text(value)
                if masked != value:
                    setattr(obj, column.key, masked)
            elif isinstance(column.type, JSON) and value is not None:
                masked_json = mask_json(value, mask_text)
                if masked_json != value:
                    setattr(obj, column.key, masked_json)


def mask_json(value: Any, mask: Any) -> Any:
    """A copy of a JSON value with ``mask`` applied to every string in it (keys too)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask(k) if isinstance(k, str) else k: mask_json(v, mask) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_json(v, mask) for v in value]
    return value
