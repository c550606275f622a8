"""The resident-number key is checked against the database: missing or other keys refuse to start, a key is
made only for a new database, an export/import hands it on, a rotation re-encrypts and survives a cut-off.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services import applicants
from app.services import keys as key_service
from app.services.errors import ValidationError
from app.settings import Settings
from db import keys
from db.models import Applicant
from db.models_security import PiiKey, PiiKeyRotation
from db.pii import PiiCipher, load_key_ring, load_or_create_key

PASSPHRASE = "창구-새단말-2026!"
NUMBERS = ["9001011234568", "8505052345672", "7707071234563", "0101013456781", "6612122345678"]


def _settings(tmp_path: Path, name: str) -> Settings:
    return Settings(
        values={"key_file": str(tmp_path / name / "rrn.key"), "terminal_code": name}, path=tmp_path / f"{name}.json"
    )


def _start(url: str, tmp_path: Path, name: str):  # type: ignore[no-untyped-def]
    from app.bootstrap import build_context

    return build_context(_settings(tmp_path, name), db_url=url)


def _valid(number: str) -> str:
    from app.domain.identity import parse_resident_number

    return parse_resident_number(number).digits


def _people(app_ctx, clerk) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for i, number in enumerate(NUMBERS):
        view = applicants.upsert_applicant(app_ctx.db.uow(), clerk, name=f"민원인{i}", resident_number=number)
        ids.append(view.id)
    return ids


@pytest.fixture(autouse=True)
def _valid_numbers() -> None:
    for number in NUMBERS:
        _valid(number)


def test_a_new_database_makes_and_registers_a_key(app_ctx) -> None:  # type: ignore[no-untyped-def]
    path = app_ctx.settings.key_file
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    with app_ctx.db.uow() as uow:
        rows = [(r.key_id, r.state) for r in uow.session.scalars(sa.select(PiiKey))]
    assert rows == [(app_ctx.db.pii.key_id, "active")]
    assert PiiCipher(load_or_create_key(path)).key_id == app_ctx.db.pii.key_id


def test_a_counter_without_the_key_refuses_and_makes_none(app_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    with pytest.raises(keys.KeyMissing, match="키.*이 단말에 없습니다.*--import-key") as caught:
        _start(url, tmp_path, "second")
    assert caught.value.key_ids == (app_ctx.db.pii.key_id,)
    assert not (tmp_path / "second" / "rrn.key").exists()
    # in English on an English screen, the fingerprint, the path and the way to import kept
    from app.i18n import exception_text

    english = exception_text(caught.value, "en")
    assert app_ctx.db.pii.key_id in english and str(tmp_path / "second") in english
    assert "--import-key" in english and not re.search(r"[\uac00-\ud7a3]", english), english


def test_a_counter_with_another_key_refuses(app_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    load_or_create_key(tmp_path / "other" / "rrn.key")
    with pytest.raises(keys.KeyMismatch, match="다릅니다"):
        _start(url, tmp_path, "other")


def test_an_old_database_without_key_ids_is_checked_by_reading_a_value(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _people(app_ctx, make_actor("clerk"))
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    with app_ctx.db.engine.begin() as conn:
        conn.execute(sa.delete(PiiKey.__table__))  # as before this release
    load_or_create_key(tmp_path / "wrong" / "rrn.key")
    with pytest.raises(keys.KeyMismatch, match="읽을 수 없습니다"):
        _start(url, tmp_path, "wrong")
    with pytest.raises(keys.KeyMissing, match="키 파일이 없습니다"):
        _start(url, tmp_path, "none")
    (tmp_path / "same").mkdir()
    app_ctx.settings.key_file.replace(tmp_path / "same" / "rrn.key")
    ctx = _start(url, tmp_path, "same")
    try:
        with ctx.db.uow() as uow:
            assert uow.session.scalars(sa.select(PiiKey.key_id)).all() == [ctx.db.pii.key_id]
    finally:
        ctx.db.dispose()


def test_export_and_import_hand_the_key_to_a_new_counter(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin, clerk = make_actor("admin"), make_actor("clerk")
    _people(app_ctx, clerk)
    sealed = tmp_path / "usb" / "minwon-key.json"
    with pytest.raises(ValidationError, match="12자 이상"):
        key_service.export_key(
            app_ctx.db, admin, key_file=app_ctx.settings.key_file, path=sealed, passphrase="짧음", confirm="짧음"
        )
    with pytest.raises(ValidationError, match="서로 다릅니다"):
        key_service.export_key(
            app_ctx.db, admin, key_file=app_ctx.settings.key_file, path=sealed, passphrase=PASSPHRASE, confirm="x"
        )
    from app.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        key_service.export_key(
            app_ctx.db,
            clerk,
            key_file=app_ctx.settings.key_file,
            path=sealed,
            passphrase=PASSPHRASE,
            confirm=PASSPHRASE,
        )
    ids = key_service.export_key(
        app_ctx.db, admin, key_file=app_ctx.settings.key_file, path=sealed, passphrase=PASSPHRASE, confirm=PASSPHRASE
    )
    assert ids == (app_ctx.db.pii.key_id,)
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    raw = sealed.read_text(encoding="utf-8")
    key_line = app_ctx.settings.key_file.read_text(encoding="ascii").split()[1]
    assert key_line not in raw and json.loads(raw)["key_ids"] == list(ids)

    new_key = tmp_path / "second" / "rrn.key"
    with pytest.raises(keys.KeyFileError, match="암호가 맞지 않거나"):
        keys.import_keys(sealed, PASSPHRASE + "x", new_key, required=ids)
    assert not new_key.exists()
    keys.import_keys(sealed, PASSPHRASE, new_key, required=ids)
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    second = _start(url, tmp_path, "second")
    try:
        found = applicants.find_by_resident_number(second.db.uow(), clerk, NUMBERS[2])
        assert found is not None and found.name == "민원인2"
        digits = applicants.unmask_resident_number(second.db.uow(), clerk, applicant_id=found.id, reason="본인 확인")
        assert digits.replace("-", "") == NUMBERS[2]
    finally:
        second.db.dispose()


def test_an_import_of_another_database_key_is_refused(app_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "elsewhere" / "rrn.key"
    load_or_create_key(other)
    sealed = tmp_path / "other.json"
    keys.export_keys(other, sealed, PASSPHRASE)
    with pytest.raises(keys.KeyFileError, match="이 데이터베이스의 키"):
        keys.import_keys(sealed, PASSPHRASE, tmp_path / "x" / "rrn.key", required=(app_ctx.db.pii.key_id,))
    (tmp_path / "damaged.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(keys.KeyFileError, match="형식이 아닙니다"):
        keys.import_keys(tmp_path / "damaged.json", PASSPHRASE, tmp_path / "y" / "rrn.key")


class _CutOff(Exception):
    pass


def test_a_rotation_cut_off_half_way_resumes_and_reads_work_meanwhile(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin, clerk = make_actor("admin"), make_actor("clerk")
    ids = _people(app_ctx, clerk)
    old_id = app_ctx.db.pii.key_id
    key_file = app_ctx.settings.key_file
    old_only = tmp_path / "old-copy" / "rrn.key"
    old_only.parent.mkdir()
    old_only.write_bytes(key_file.read_bytes())
    old_only.chmod(0o600)
    batches: list[keys.RotationState] = []

    def cut_after_first(state: keys.RotationState) -> None:
        batches.append(state)
        raise _CutOff

    with pytest.raises(_CutOff):
        key_service.rotate_key(app_ctx.db, admin, key_file=key_file, batch_size=2, on_batch=cut_after_first)
    with app_ctx.db.uow() as uow:
        rotation = uow.session.scalars(sa.select(PiiKeyRotation)).one()
        new_id, finished, rows_done = rotation.new_key_id, rotation.finished_at, rotation.rows_done
        states = dict(uow.session.execute(sa.select(PiiKey.key_id, PiiKey.state)).all())
        blobs = list(uow.session.scalars(sa.select(Applicant.rrn_cipher).order_by(Applicant.id)))
    assert finished is None and rows_done == 2 and states == {old_id: "retiring", new_id: "active"}
    on_new = [app_ctx.db.pii.key_id_in(b) == new_id for b in blobs]  # type: ignore[arg-type]
    assert on_new == [True, True, False, False, False]
    assert {keys.key_id_of(k) for k in load_key_ring(key_file)} == {old_id, new_id}

    # Meanwhile: a counter with the key ring reads every person, old or new key, and finds them by number.
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    reader_dir = tmp_path / "reader"
    reader_dir.mkdir()
    (reader_dir / "rrn.key").write_bytes(key_file.read_bytes())
    (reader_dir / "rrn.key").chmod(0o600)
    reader = _start(url, tmp_path, "reader")
    try:
        for i, number in enumerate(NUMBERS):
            found = applicants.find_by_resident_number(reader.db.uow(), clerk, number)
            assert found is not None and found.id == ids[i]
        again = applicants.upsert_applicant(reader.db.uow(), clerk, name="민원인4", resident_number=NUMBERS[4])
        assert again.id == ids[4]  # not registered a second time under the new key's hash
    finally:
        reader.db.dispose()
    # A counter that holds only the old key is told to import the new one.
    with pytest.raises(keys.KeyMismatch):
        _start(url, tmp_path, "old-copy")

    done = key_service.rotate_key(app_ctx.db, admin, key_file=key_file, batch_size=2, on_batch=batches.append)
    assert done.finished and done.rows_done == 5 and done.new_key_id == new_id
    with app_ctx.db.uow() as uow:
        states = dict(uow.session.execute(sa.select(PiiKey.key_id, PiiKey.state)).all())
        rows = uow.session.execute(sa.select(Applicant.rrn_cipher, Applicant.rrn_hmac).order_by(Applicant.id)).all()
    assert states == {old_id: "retired", new_id: "active"}
    assert all(app_ctx.db.pii.key_id_in(blob) == new_id for blob, _ in rows)
    assert [keys.key_id_of(k) for k in load_key_ring(key_file)] == [new_id]
    only_new = PiiCipher(load_key_ring(key_file)[0])
    assert [only_new.decrypt(blob) for blob, _ in rows] == NUMBERS
    assert [digest for _, digest in rows] == [only_new.lookup_hash(n) for n in NUMBERS]
    assert applicants.find_by_resident_number(app_ctx.db.uow(), clerk, NUMBERS[0]) is not None
    with pytest.raises(keys.KeyMismatch):
        _start(url, tmp_path, "old-copy")  # the old key alone no longer opens the database
    # The counter that imported the ring during the rotation still holds the new key: it starts.
    reader = _start(url, tmp_path, "reader")
    assert reader.db.pii.key_id == new_id
    reader.db.dispose()
