"""app.settings: one declaration, versioned files (upgrade with a copy of the old file, a newer file never
overwritten silently), unknown keys kept, owner-only folders, and the window state per user."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app import settings as s


def _write(path: Path, payload: dict) -> None:  # type: ignore[type-arg]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def test_every_setting_is_declared_once_with_group_scope_and_title() -> None:
    keys = [spec.key for spec in s.SPECS]
    assert len(keys) == len(set(keys))
    for spec in s.SPECS:
        assert spec.group in s.GROUPS, spec.key
        assert spec.scope in (s.TERMINAL, s.OFFICE), spec.key
        assert spec.title and any("가" <= ch <= "힣" for ch in spec.title), spec.key
        assert s.validate(spec.key, spec.default) == spec.default, f"the default of {spec.key} is refused"
        if spec.type is int:
            assert spec.minimum is not None and spec.maximum is not None, spec.key
    assert {spec.group for spec in s.SPECS} == set(s.GROUPS)
    assert s.spec_of("log_level").default == "INFO"
    assert [v for v, _ in s.spec_of("log_level").choices] == ["DEBUG", "INFO", "WARNING", "ERROR"]
    assert s.spec_of("font_point_size").default == 0
    assert {v for v, _ in s.spec_of("receipt_format").choices} == {"roll80", "a4"}
    assert {v for v, _ in s.spec_of("sms_sender").choices} == {"spool", "http"}
    assert {v for v, _ in s.spec_of("language").choices} == {"ko", "en"}


def test_the_output_folder_title_says_the_data_folder_as_the_code_does(tmp_path: Path) -> None:
    title = s.spec_of("output_dir").title
    assert "데이터 폴더" in title and "output" in title and "문서" not in title
    assert s.Settings().output_dir == s.data_dir() / "output"


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("font_point_size", 5, "8~24"),
        ("font_point_size", 30, "0에서 24"),
        ("idle_lock_minutes", 0, "1에서 60"),
        ("idle_lock_minutes", "다섯", "숫자로"),
        ("language", "fr", "ko, en"),
        ("log_level", "LOUD", "DEBUG, INFO, WARNING, ERROR"),
        ("backup_time", "25:00", "HH:MM"),
        ("sms_http_url", "ftp://x", "http://"),
        ("db_url", "mysql://x/y", "postgresql://"),
        ("petition_slip_auto", "yes", "예/아니오"),
    ],
)
def test_a_wrong_value_is_refused_in_korean_naming_the_setting(key: str, value: object, says: str) -> None:
    with pytest.raises(s.SettingError) as refused:
        s.validate(key, value)
    assert refused.value.field == key
    assert s.spec_of(key).title in refused.value.message and says in refused.value.message


def test_allowed_values_pass_and_are_converted() -> None:
    assert s.validate("font_point_size", 0) == 0
    assert s.validate("font_point_size", "12") == 12
    assert s.validate("backup_time", " 07:30 ") == "07:30"
    assert s.validate("db_url", "postgresql://minwon@10.0.0.5:5432/minwon").startswith("postgresql://")
    assert s.validate("db_url", "") == ""


def test_a_v1_file_is_upgraded_keeps_a_copy_and_is_written_as_v2(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    v1 = {
        "version": 1,
        "receipt_format": " 80mm ",
        "language": "KO",
        "idle_lock_minutes": "7",
        "petition_slip_auto": "false",
        "office_code": "  SB-TEST ",
        "future_thing": {"kept": True},
    }
    _write(path, v1)
    before = path.read_text(encoding="utf-8")
    loaded = s.load_settings(path)
    assert loaded.get("receipt_format") == "roll80"
    assert loaded.get("language") == "ko"
    assert loaded.get("idle_lock_minutes") == 7
    assert loaded.get("petition_slip_auto") is False
    assert loaded.get("office_code") == "SB-TEST"
    backup = tmp_path / "cfg" / "settings.v1.json.bak"
    assert backup.read_text(encoding="utf-8") == before  # the old file as it was
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["version"] == 2
    assert on_disk["receipt_format"] == "roll80" and on_disk["idle_lock_minutes"] == 7
    assert on_disk["future_thing"] == {"kept": True}  # unknown keys are kept
    # Loading again changes nothing and keeps the first copy.
    again = s.load_settings(path)
    assert again.values == loaded.values
    assert backup.read_text(encoding="utf-8") == before


def test_a_file_without_version_counts_as_v1(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    _write(path, {"language": " en "})
    assert s.load_settings(path).get("language") == "en"
    assert (tmp_path / "settings.v1.json.bak").exists()
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == s.SETTINGS_VERSION


def test_unknown_keys_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    _write(path, {"version": 2, "made_up": 3, "language": "ko"})
    loaded = s.load_settings(path)
    with pytest.raises(KeyError):
        loaded.get("made_up")
    loaded.set("language", "en")
    loaded.save()
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk == {"version": 2, "made_up": 3, "language": "en"}


def test_a_newer_file_is_read_but_never_overwritten_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    newer = {"version": 9, "language": "en", "new_setting": "x", "font_point_size": 99}
    _write(path, newer)
    text = path.read_text(encoding="utf-8")
    loaded = s.load_settings(path)
    assert loaded.newer_file and loaded.file_version == 9
    assert loaded.get("language") == "en"
    assert loaded.get("font_point_size") == 0  # a value this version cannot use: the default
    assert not (tmp_path / "settings.v9.json.bak").exists()
    loaded.set("language", "ko")
    with pytest.raises(s.SettingsTooNew) as refused:
        loaded.save()
    assert "새 버전(v9)" in refused.value.message
    assert path.read_text(encoding="utf-8") == text
    loaded.save(overwrite_newer=True)
    assert (tmp_path / "settings.v9.json.bak").read_text(encoding="utf-8") == text
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["version"] == 2 and on_disk["language"] == "ko" and on_disk["new_setting"] == "x"


@pytest.mark.allow_log("app.settings")
def test_a_broken_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert s.load_settings(path).get("office_code") == "SB-MINWON"


def test_log_level_is_a_number_for_logging() -> None:
    import logging

    settings = s.Settings()
    assert settings.log_level == logging.INFO
    settings.set("log_level", "DEBUG")
    assert settings.log_level == logging.DEBUG


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_private_dir_is_owner_only_and_narrows_an_open_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    s.private_dir(target)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    open_folder = tmp_path / "open"
    open_folder.mkdir(mode=0o755)
    os.chmod(open_folder, 0o755)
    s.private_dir(open_folder)
    assert stat.S_IMODE(open_folder.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_settings_log_and_output_folders_are_created_owner_only(tmp_path: Path) -> None:
    from app.logs import log_file
    from app.services.output import output_path

    settings = s.Settings()
    settings.set("db_url", "postgresql://minwon_counter:secret-pw@server/minwon")
    settings.save()
    assert stat.S_IMODE(s.config_dir().stat().st_mode) == 0o700
    # the file itself too: its db_url may hold the network account's password
    assert stat.S_IMODE((s.config_dir() / "settings.json").stat().st_mode) == 0o600
    pdf = output_path(settings, "영수증", "1")
    for folder in (s.data_dir(), s.data_dir() / "output", pdf.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    import logging

    from app.logs import setup_logging

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        setup_logging()
        assert stat.S_IMODE(log_file().parent.stat().st_mode) == 0o700
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_window_state_round_trip_per_user(tmp_path: Path) -> None:
    state = {"geometry": b"\x01\x02\xff", "splitter:family/0": bytes(range(256))}
    path = s.save_ui_state("clerk/../1", state)
    assert path.parent == s.config_dir() / "ui-state"  # a user name cannot leave the folder
    assert s.load_ui_state("clerk/../1") == state
    assert s.load_ui_state("someone-else") == {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert all(isinstance(v, str) for v in raw.values())


def test_folders_must_be_full_paths_but_a_hand_written_one_is_still_read() -> None:
    with pytest.raises(s.SettingError) as refused:
        s.validate("backup_dir", "backups")
    assert "전체 경로" in refused.value.message and refused.value.field == "backup_dir"
    assert s.validate("backup_dir", str(Path.home() / "b")) == str(Path.home() / "b")
    settings = s.Settings(values={"key_file": "keys/rrn.key", "idle_lock_minutes": 500, "language": "fr"})
    assert settings.get("key_file") == "keys/rrn.key"  # never silently another key file
    assert settings.get("idle_lock_minutes") == 60  # the nearest allowed
    assert settings.get("language") == "ko"
