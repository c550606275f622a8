"""Settings of one counter PC, each declared once with its type, default and Korean title.

Stored as JSON in the platform's user-config folder (``platformdirs``); tests point it at tmp_path.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "minwon-desk"
SETTINGS_VERSION = 1


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    title: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("db_url", str, "", "데이터베이스 주소 (비우면 로컬 SQLite 파일)"),
    SettingSpec("key_file", str, "", "주민등록번호 암호화 키 파일 (비우면 사용자 설정 폴더)"),
    SettingSpec("office_code", str, "SB-MINWON", "기관 코드"),
    SettingSpec("terminal_code", str, "", "단말(창구) 코드 (비우면 컴퓨터 이름)"),
    SettingSpec("idle_lock_minutes", int, 5, "자리비움 화면 잠금 (분)"),
    SettingSpec(
        "night_grace_minutes", int, 10, "야간 민원실: 운영 종료 전에 시작한 업무를 종료 후 마칠 수 있는 시간 (분)"
    ),
    SettingSpec("language", str, "ko", "화면 언어 (ko/en)"),
    SettingSpec("receipt_format", str, "roll80", "영수증 용지 (roll80: 80mm 감열지, a4: A4)"),
    SettingSpec("receipt_printer", str, "", "영수증 프린터 (비우면 영수증을 미리보기로 엽니다)"),
    SettingSpec("a4_printer", str, "", "A4 프린터 (비우면 시스템 기본 프린터)"),
    SettingSpec("output_dir", str, "", "출력 PDF 저장 폴더 (비우면 사용자 문서 폴더)"),
    SettingSpec("petition_slip_auto", bool, True, "민원 접수 후 접수증 자동 출력"),
    SettingSpec("backup_dir", str, "", "백업 폴더 (다른 디스크 권장; 비우면 사용자 데이터 폴더의 backups)"),
    SettingSpec("backup_time", str, "18:00", "매일 자동 백업 시각 (HH:MM, 비우면 자동 백업 안 함)"),
    SettingSpec("backup_keep", int, 14, "보관할 백업 개수 (오래된 것부터 지움)"),
    SettingSpec("sms_sender", str, "spool", "문자 발송 방식 (spool: 대량문자 시스템용 CSV, http: 발송 서버)"),
    SettingSpec("sms_spool_dir", str, "", "문자 CSV 저장 폴더 (비우면 사용자 데이터 폴더의 sms-spool)"),
    SettingSpec("sms_http_url", str, "", "문자 발송 서버 주소 (http 방식)"),
    SettingSpec("db_statement_timeout_s", int, 10, "네트워크 DB: 한 명령의 최대 대기 (초)"),
    SettingSpec("db_lock_timeout_s", int, 5, "네트워크 DB: 잠금 최대 대기 (초)"),
    SettingSpec("db_idle_transaction_timeout_s", int, 3, "네트워크 DB: 끊긴 창구의 열린 작업 정리 (초)"),
    SettingSpec("db_keepalive_idle_s", int, 5, "네트워크 DB: 연결 확인 시작 (초)"),
    SettingSpec("db_tcp_user_timeout_s", int, 10, "네트워크 DB: 응답 없는 연결 끊기 (초)"),
)
_BY_KEY = {spec.key: spec for spec in SPECS}


def config_dir() -> Path:
    override = os.environ.get("MINWON_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("MINWON_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def get(self, key: str) -> Any:
        spec = _BY_KEY[key]
        value = self.values.get(key, spec.default)
        try:
            return spec.type(value)
        except (TypeError, ValueError):
            return spec.default

    def set(self, key: str, value: Any) -> None:
        spec = _BY_KEY[key]
        self.values[key] = spec.type(value)

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

    def save(self) -> None:
        path = self.path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": SETTINGS_VERSION, **self.values}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_dir() / "settings.json"
    values: dict[str, Any] = {}
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raw = {}
        values = {k: v for k, v in raw.items() if k in _BY_KEY}
    return Settings(values=values, path=path)
