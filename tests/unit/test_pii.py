"""Resident numbers at rest: AES-GCM with a random nonce, a keyed hash for look-up, an owner-only key file."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from db.pii import KeyFileError, PiiCipher, load_or_create_key

NUMBER = "9001011234568"


def test_round_trip_with_random_nonces(tmp_path: Path) -> None:
    cipher = PiiCipher(load_or_create_key(tmp_path / "rrn.key"))
    first, second = cipher.encrypt(NUMBER), cipher.encrypt(NUMBER)
    assert first != second  # a fresh nonce every time: equal numbers do not look equal at rest
    assert NUMBER.encode() not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == NUMBER


def test_lookup_hash_is_keyed_and_stable(tmp_path: Path) -> None:
    one = PiiCipher(load_or_create_key(tmp_path / "a.key"))
    other = PiiCipher(load_or_create_key(tmp_path / "b.key"))
    assert one.lookup_hash(NUMBER) == one.lookup_hash(NUMBER)
    assert one.lookup_hash(NUMBER) != other.lookup_hash(NUMBER)
    assert NUMBER not in one.lookup_hash(NUMBER)


def test_key_file_is_owner_only_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "rrn.key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rrn.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key(path)


def test_missing_key_for_a_shared_database_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="관리자에게 키 파일"):
        load_or_create_key(tmp_path / "none.key", create=False)


def test_the_wrong_key_gives_a_korean_message_not_a_crash(tmp_path: Path) -> None:
    blob = PiiCipher(load_or_create_key(tmp_path / "a.key")).encrypt(NUMBER)
    with pytest.raises(KeyFileError, match="암호화 키가 데이터베이스와 다릅니다"):
        PiiCipher(load_or_create_key(tmp_path / "b.key")).decrypt(blob)
