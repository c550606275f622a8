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

KEY_FILE_HEADER = "minwon-desk-key-v1"
_NONCE_BYTES = 12
_VERSION = b"\x01"


class KeyFileError(RuntimeError):
    """The key file is missing, unreadable or too open; the message says what to do (Korean)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class PiiCipher:
    """Encrypts, decrypts and hashes resident numbers with keys derived from one master key."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 32:
            raise KeyFileError("암호화 키가 너무 짧습니다 (32바이트 이상 필요).")
        self._aead = AESGCM(_derive(master_key, b"minwon-desk rrn encryption"))
        self._mac_key = _derive(master_key, b"minwon-desk rrn lookup")
        self.key_id = hashlib.sha256(self._mac_key).hexdigest()[:12]

    def encrypt(self, digits: str) -> bytes:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, digits.encode("ascii"), b"rrn")

    def decrypt(self, blob: bytes) -> str:
        if not blob or blob[:1] != _VERSION:
            raise KeyFileError("알 수 없는 암호문 형식입니다.")
        nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, b"rrn").decode("ascii")
        except InvalidTag:
            raise KeyFileError(
                "주민등록번호를 복호화할 수 없습니다: 이 단말의 암호화 키가 데이터베이스와 다릅니다. "
                "관리자에게 공용 키 파일을 받아 설정하세요."
            ) from None

    def lookup_hash(self, digits: str) -> str:
        return hmac.new(self._mac_key, digits.encode("ascii"), hashlib.sha256).hexdigest()


def load_or_create_key(path: Path, *, create: bool = True) -> bytes:
    """Read the master key from ``path``; create it (mode 0600) when missing and ``create`` is set."""
    if not path.exists():
        if not create:
            raise KeyFileError(f"암호화 키 파일이 없습니다: {path}. 관리자에게 키 파일을 받아 설정하세요.")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{KEY_FILE_HEADER}\n{base64.b64encode(key).decode('ascii')}\n")
        return key
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileError(
                f"암호화 키 파일의 권한이 너무 넓습니다 ({oct(mode)}): {path}. "
                f"'chmod 600 {path}' 로 소유자만 읽게 하세요."
            )
    try:
        header, encoded = path.read_text(encoding="ascii").split()[:2]
        if header != KEY_FILE_HEADER:
            raise ValueError(header)
        return base64.b64decode(encoded, validate=True)
    except (ValueError, OSError) as exc:
        raise KeyFileError(f"암호화 키 파일을 읽을 수 없습니다: {path} ({exc})") from exc


_NEVER_MASK = ("hash", "hmac", "cipher")


def mask_free_text_before_flush(session: Any, _context: Any, _instances: Any) -> None:
    """Defence in depth: no text column is ever written with a resident number in it.

    Services mask what they know is free text, but a clerk can type a number into any note, reason or
    name field; this catches every one of them on every table before it reaches the database file.
    """
    from sqlalchemy import String, inspect

    from app.domain.identity import mask_text

    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for column in mapper.columns:
            if not isinstance(column.type, String) or any(part in column.key for part in _NEVER_MASK):
                continue
            value = getattr(obj, column.key, None)
            if isinstance(value, str) and len(value) >= 13:
                masked = mask_text(value)
                if masked != value:
                    setattr(obj, column.key, masked)
