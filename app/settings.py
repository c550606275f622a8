"""Settings of one counter PC, each declared once: type, default, Korean title, group, scope and limits.

Stored as JSON in the platform's user-config folder (``platformdirs``); tests point it at tmp_path. The settings
screen (``ui.tabs.admin_settings``) is built from ``SPECS`` alone.

File versions. The file carries ``"version"``. An older file is upgraded at load by the chain in ``_UPGRADES``
(one function per step); the old file is first copied next to it as ``settings.v<N>.json.bak`` and the upgraded
one is written. A file of a NEWER version than this program knows is read as it is (known keys; values that do
not fit fall back to the default on ``get``) and is never overwritten silently: ``save()`` refuses with
``SettingsTooNew`` unless called with ``overwrite_newer=True`` (the screen asks first), and then the newer file
is kept as ``settings.v<N>.json.bak`` too.

Unknown keys (a newer program's setting, a key typed by hand) are kept: not offered by ``get``, but written back
unchanged by ``save`` so that nothing another version relies on is lost.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from app.i18n import N_
from app.services.errors import ValidationError

APP_NAME = "minwon-desk"
SETTINGS_VERSION = 2

log = logging.getLogger(__name__)

TERMINAL = "terminal"  # a clerk may change it at their own counter
OFFICE = "office"  # the admin only

GROUPS = (
    N_("데이터베이스"),
    N_("기관·단말"),
    N_("프린터·용지"),
    N_("화면"),
    N_("야간"),
    N_("문자"),
    N_("폴더"),
    N_("백업"),
    N_("로그"),
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingError(ValidationError):
    """A value that does not fit its setting; ``field`` is the setting's key (the screen focuses it)."""


class SettingsTooNew(ValidationError):
    """The settings file was written by a newer program; saving would throw away what it knows."""


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    title: str
    group: str = N_("기관·단말")
    scope: str = OFFICE
    choices: tuple[tuple[str, str], ...] = ()  # (value, Korean label)
    minimum: int | None = None
    maximum: int | None = None
    kind: str = ""  # "folder", "file", "url" (db_url), "time" (HH:MM): how the screen edits a str
    restart: bool = False  # takes effect at the next start only
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)  # extra rule: message or None


def _check_time(value: Any) -> str | None:
    text = str(value).strip()
    if text and re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text) is None:
        return N_("24시간제 HH:MM으로 쓰세요 (예: 18:00). 비우면 자동 백업을 하지 않습니다.")
    return None


def _check_http(value: Any) -> str | None:
    text = str(value).strip()
    if text and not re.match(r"^https?://[^\s/]+", text):
        return N_("http:// 또는 https:// 로 시작하는 주소로 쓰세요.")
    return None


def _check_db_url(value: Any) -> str | None:
    text = str(value).strip()
    if not text:
        return None
    if "://" not in text:
        return None  # a bare file path: a SQLite file
    scheme = text.split("://", 1)[0].lower()
    if not (scheme.startswith("sqlite") or scheme.startswith("postgres")):
        return N_("sqlite:///파일경로 또는 postgresql://계정@서버:포트/데이터베이스 형식으로 쓰세요.")
    try:
        from sqlalchemy.engine import make_url

        make_url(text)
    except Exception:  # noqa: BLE001 - any parse failure is the same answer for the admin
        return N_("주소의 형식이 맞지 않습니다 (예: postgresql://minwon@192.168.0.10:5432/minwon).")
    return None


def _check_path(value: Any) -> str | None:
    text = str(value).strip()
    if text and not Path(text).expanduser().is_absolute():
        return N_("전체 경로로 쓰세요 (예: D:\\민원출력 또는 /home/minwon/출력). 비우면 기본 위치입니다.")
    return None


def _check_font(value: Any) -> str | None:
    return None if value == 0 or 8 <= value <= 24 else N_("0(시스템 기본) 또는 8~24 사이로 쓰세요.")


_NET = N_("데이터베이스")
SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "db_url",
        str,
        "",
        N_("데이터베이스 주소 (비우면 로컬 SQLite 파일)"),
        _NET,
        kind="url",
        restart=True,
        check=_check_db_url,
    ),
    SettingSpec(
        "key_file",
        str,
        "",
        N_("주민등록번호 암호화 키 파일 (비우면 사용자 설정 폴더)"),
        _NET,
        kind="file",
        restart=True,
    ),
    SettingSpec(
        "db_statement_timeout_s",
        int,
        10,
        N_("네트워크 DB: 한 명령의 최대 대기 (초)"),
        _NET,
        minimum=1,
        maximum=600,
        restart=True,
    ),
    SettingSpec(
        "db_lock_timeout_s", int, 5, N_("네트워크 DB: 잠금 최대 대기 (초)"), _NET, minimum=1, maximum=600, restart=True
    ),
    SettingSpec(
        "db_idle_transaction_timeout_s",
        int,
        3,
        N_("네트워크 DB: 끊긴 창구의 열린 작업 정리 (초)"),
        _NET,
        minimum=1,
        maximum=600,
        restart=True,
    ),
    SettingSpec(
        "db_keepalive_idle_s",
        int,
        5,
        N_("네트워크 DB: 연결 확인 시작 (초)"),
        _NET,
        minimum=1,
        maximum=600,
        restart=True,
    ),
    SettingSpec(
        "db_tcp_user_timeout_s",
        int,
        10,
        N_("네트워크 DB: 응답 없는 연결 끊기 (초)"),
        _NET,
        minimum=1,
        maximum=600,
        restart=True,
    ),
    SettingSpec("office_code", str, "SB-MINWON", N_("기관 코드"), N_("기관·단말"), restart=True),
    SettingSpec("terminal_code", str, "", N_("단말(창구) 코드 (비우면 컴퓨터 이름)"), N_("기관·단말"), restart=True),
    SettingSpec(
        "receipt_format",
        str,
        "roll80",
        N_("영수증 용지"),
        N_("프린터·용지"),
        TERMINAL,
        choices=(("roll80", N_("80mm 감열지 (roll80)")), ("a4", "A4 (a4)")),
    ),
    SettingSpec(
        "receipt_printer", str, "", N_("영수증 프린터 (비우면 영수증을 미리보기로 엽니다)"), N_("프린터·용지"), TERMINAL
    ),
    SettingSpec("a4_printer", str, "", N_("A4 프린터 (비우면 시스템 기본 프린터)"), N_("프린터·용지"), TERMINAL),
    SettingSpec("petition_slip_auto", bool, True, N_("민원 접수 후 접수증 자동 출력"), N_("프린터·용지"), TERMINAL),
    SettingSpec(
        "language",
        str,
        "ko",
        N_("화면 언어"),
        N_("화면"),
        TERMINAL,
        choices=(("ko", N_("한국어 (ko)")), ("en", "English (en)")),
        restart=True,
    ),
    SettingSpec(
        "font_point_size",
        int,
        0,
        N_("글자 크기 (포인트, 0이면 시스템 기본)"),
        N_("화면"),
        TERMINAL,
        minimum=0,
        maximum=24,
        restart=True,
        check=_check_font,
    ),
    SettingSpec(
        "idle_lock_minutes", int, 5, N_("자리비움 화면 잠금 (분)"), N_("화면"), minimum=1, maximum=60, restart=True
    ),
    SettingSpec(
        "night_grace_minutes",
        int,
        10,
        N_("야간 민원실: 운영 종료 전에 시작한 업무를 종료 후 마칠 수 있는 시간 (분)"),
        N_("야간"),
        minimum=0,
        maximum=60,
        restart=True,
    ),
    SettingSpec(
        "sms_sender",
        str,
        "spool",
        N_("문자 발송 방식"),
        N_("문자"),
        choices=(("spool", N_("대량문자 시스템용 CSV (spool)")), ("http", N_("발송 서버 (http)"))),
        restart=True,
    ),
    SettingSpec(
        "sms_spool_dir",
        str,
        "",
        N_("문자 CSV 저장 폴더 (비우면 사용자 데이터 폴더의 sms-spool)"),
        N_("문자"),
        kind="folder",
        restart=True,
    ),
    SettingSpec(
        "sms_http_url", str, "", N_("문자 발송 서버 주소 (http 방식)"), N_("문자"), restart=True, check=_check_http
    ),
    SettingSpec(
        "output_dir", str, "", N_("출력 PDF 저장 폴더 (비우면 사용자 데이터 폴더의 output)"), N_("폴더"), kind="folder"
    ),
    SettingSpec(
        "backup_dir",
        str,
        "",
        N_("백업 폴더 (다른 디스크 권장; 비우면 사용자 데이터 폴더의 backups)"),
        N_("백업"),
        kind="folder",
    ),
    SettingSpec(
        "backup_time",
        str,
        "18:00",
        N_("매일 자동 백업 시각 (HH:MM, 비우면 자동 백업 안 함)"),
        N_("백업"),
        kind="time",
        check=_check_time,
    ),
    SettingSpec(
        "backup_keep", int, 14, N_("보관할 백업 개수 (오래된 것부터 지움)"), N_("백업"), minimum=1, maximum=365
    ),
    SettingSpec(
        "log_level",
        str,
        "INFO",
        N_("기록(로그) 수준"),
        N_("로그"),
        choices=tuple((lv, lv) for lv in LOG_LEVELS),
        restart=True,
    ),
)
_BY_KEY = {spec.key: spec for spec in SPECS}


def spec_of(key: str) -> SettingSpec:
    return _BY_KEY[key]


def validate(key: str, value: Any) -> Any:
    """The value converted to the setting's type, or ``SettingError`` saying in Korean what is wrong."""
    spec = _BY_KEY[key]
    title = spec.title  # every message starts with "'<title>': " (a catalog text: translated as a field)
    if spec.type is bool:
        if not isinstance(value, bool):
            raise SettingError("'{title}': 예/아니오 값이어야 합니다.", field=key, title=title)
        converted: Any = value
    elif spec.type is int:
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            converted = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError):
            raise SettingError("'{title}': 숫자로 쓰세요: {value!r}", field=key, title=title, value=value) from None
        if (spec.minimum is not None and converted < spec.minimum) or (
            spec.maximum is not None and converted > spec.maximum
        ):
            raise SettingError(
                "'{title}': {minimum}에서 {maximum} 사이로 쓰세요 (입력: {typed}).",
                field=key,
                title=title,
                minimum=spec.minimum,
                maximum=spec.maximum,
                typed=converted,
            )
    else:
        converted = str(value).strip()
        if spec.choices and converted not in {v for v, _ in spec.choices}:
            allowed = ", ".join(v for v, _ in spec.choices)
            raise SettingError(
                "'{title}': 다음 중 하나여야 합니다: {allowed} (입력: {typed}).",
                field=key,
                title=title,
                allowed=allowed,
                typed=converted or N_("빈칸"),
            )
    checks = [spec.check] if spec.check is not None else []
    if spec.kind in ("folder", "file"):
        checks.append(_check_path)
    for rule in checks:
        problem = rule(converted)
        if problem:
            raise SettingError("'{title}': {problem}", field=key, title=title, problem=problem)
    return converted


# --- folders -----------------------------------------------------------------------------------------


def private_dir(path: Path | str) -> Path:
    """Make ``path`` (and missing parents) owner-only (0700) on POSIX; an existing folder is narrowed too."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        for folder in (*missing, path):
            try:
                os.chmod(folder, 0o700)
            except OSError as exc:  # not ours (a shared folder chosen by the admin): leave it as it is
                log.info("could not make %s owner-only: %s", folder, exc)
    return path


def config_dir() -> Path:
    override = os.environ.get("MINWON_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("MINWON_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# --- the settings ------------------------------------------------------------------------------------


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    unknown: dict[str, Any] = field(default_factory=dict)  # keys this version does not know, written back as read
    file_version: int = SETTINGS_VERSION  # the version of the file as read (newer than ours: see save)

    def get(self, key: str) -> Any:
        spec = _BY_KEY[key]
        value = self.values.get(key, spec.default)
        try:
            return validate(key, value)
        except SettingError:
            if spec.type is int and not spec.choices:
                try:  # a hand-edited number out of range counts as the nearest allowed one
                    number = int(value)
                except (TypeError, ValueError):
                    return spec.default
                low = spec.minimum if spec.minimum is not None else number
                high = spec.maximum if spec.maximum is not None else number
                return min(max(number, low), high) if spec.check is None else spec.default
            if spec.type is str and not spec.choices and isinstance(value, str):
                return value.strip()  # e.g. a relative key-file path written by hand: still this PC's choice
            return spec.default

    def set(self, key: str, value: Any) -> None:
        self.values[key] = validate(key, value)

    @property
    def db_url(self) -> str:
        return self.get("db_url") or f"sqlite:///{data_dir() / 'minwon.sqlite'}"

    @property
    def key_file(self) -> Path:
        return Path(self.get("key_file") or (config_dir() / "rrn.key"))

    @property
    def output_dir(self) -> Path:
        configured = self.get("output_dir")
        return Path(configured) if configured else data_dir() / "output"

    @property
    def log_level(self) -> int:
        return int(getattr(logging, self.get("log_level"), logging.INFO))

    @property
    def newer_file(self) -> bool:
        return self.file_version > SETTINGS_VERSION

    def save(self, *, overwrite_newer: bool = False) -> None:
        path = self.path or config_dir() / "settings.json"
        if self.newer_file and path.exists():
            if not overwrite_newer:
                raise SettingsTooNew(
                    "설정 파일({path})은 이 프로그램보다 새 버전(v{file_version})이 쓴 것입니다. "
                    "덮어쓰면 새 버전의 설정이 사라질 수 있어 저장하지 않았습니다.",
                    path=path,
                    file_version=self.file_version,
                )
            _keep_copy(path, self.file_version)
        private_dir(path.parent)
        payload = {"version": SETTINGS_VERSION, **self.unknown, **self.values}
        tmp = path.with_suffix(".tmp")
        # owner-only from the first byte: db_url may hold the network account's password
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        tmp.replace(path)
        self.file_version = SETTINGS_VERSION


# --- versions ----------------------------------------------------------------------------------------


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """v2 normalises what v1 wrote by hand: trimmed, lower-case choice values, numbers written as text,
    ``"true"``/``"false"`` as text, and the v1 spelling ``"80mm"`` of the roll paper."""
    out = dict(raw)
    for key, value in raw.items():
        spec = _BY_KEY.get(key)
        if spec is None:
            continue
        if spec.type is str and isinstance(value, str):
            value = value.strip()
            if spec.choices and key != "log_level":
                value = value.lower()
            if key == "log_level":
                value = value.upper()
            if key == "receipt_format" and value in ("80mm", "roll", "roll-80"):
                value = "roll80"
        elif spec.type is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        elif spec.type is bool and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        out[key] = value
    return out


# _UPGRADES[n] turns a version-n file into version n+1.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def backup_name(path: Path, version: int) -> Path:
    return path.with_name(f"{path.stem}.v{version}.json.bak")


def _keep_copy(path: Path, version: int) -> Path:
    target = backup_name(path, version)
    if not target.exists():  # the first copy of that version is the one worth keeping
        shutil.copy2(path, target)
    return target


def upgrade(raw: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SETTINGS_VERSION:
        raw = _UPGRADES[version](raw)
        version += 1
    return raw


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_dir() / "settings.json"
    if not path.exists():
        return Settings(path=path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s): the defaults are used", path, exc)
        return Settings(path=path)
    version = raw.pop("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        version = 1
    upgraded = version < SETTINGS_VERSION
    if upgraded:
        raw = upgrade(raw, version)
    settings = Settings(
        values={k: v for k, v in raw.items() if k in _BY_KEY},
        path=path,
        unknown={k: v for k, v in raw.items() if k not in _BY_KEY},
        file_version=max(version, SETTINGS_VERSION),
    )
    if upgraded:
        try:
            _keep_copy(path, version)
            settings.save()
        except OSError as exc:  # a read-only profile: the upgraded values still count in memory
            log.warning("settings file %s not upgraded on disk: %s", path, exc)
    return settings


# --- window state per user ---------------------------------------------------------------------------


def _ui_state_file(user_code: str) -> Path:
    safe = re.sub(r"[^0-9A-Za-z가-힣._-]+", "_", user_code).strip("._") or "user"
    return config_dir() / "ui-state" / f"{safe}.json"


def load_ui_state(user_code: str) -> dict[str, bytes]:
    """The saved window and splitter states of this user on this PC (name -> Qt's bytes); {} when none."""
    path = _ui_state_file(user_code)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): base64.b64decode(v) for k, v in raw.items() if isinstance(v, str)}
    except (OSError, ValueError) as exc:
        if path.exists():
            log.info("window state %s unreadable: %s", path, exc)
        return {}


def save_ui_state(user_code: str, state: dict[str, bytes]) -> Path:
    path = _ui_state_file(user_code)
    private_dir(path.parent)
    payload = {k: base64.b64encode(bytes(v)).decode("ascii") for k, v in state.items()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path
