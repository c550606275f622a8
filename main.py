"""민원창구 (Minwon Desk): parse arguments, build the context, start Qt; nothing else."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from app.i18n import tr

    parser = argparse.ArgumentParser(prog="main.py", description=tr("민원창구: 민원여권과 창구 프로그램"))
    parser.add_argument(
        "--db",
        metavar="URL",
        help=tr("데이터베이스 주소 (기본: 사용자 데이터 폴더의 SQLite 파일; 예: postgresql://user@host/db)"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=tr("예시 자료가 든 데모 데이터베이스로 시작합니다 (기본: 따로 둔 minwon-demo.sqlite; 실제 자료는 그대로)"),
    )
    parser.add_argument("--demo-accounts", action="store_true", help=tr("데모 계정과 비밀번호를 다시 보여 주고 끝냅니다"))
    parser.add_argument("--lang", choices=("ko", "en"), default=None, help=tr("화면 언어"))
    parser.add_argument("--smoke", action="store_true", help=tr("화면 없이 창·DB·영수증 PDF를 점검하고 종료합니다"))
    admin = parser.add_argument_group(tr("관리자 명령 (화면 없이 실행하고 종료)"))
    admin.add_argument(
        "--migrate",
        action="store_true",
        help=tr("데이터베이스 구조를 최신으로 맞춥니다 (PostgreSQL: 소유자 계정으로; 창구 계정 권한도 설정)"),
    )
    admin.add_argument(
        "--counter-role", metavar="ROLE", default="", help=tr("--migrate: 창구 단말이 쓰는 PostgreSQL 계정")
    )
    admin.add_argument("--import-key", metavar="FILE", help=tr("관리자가 내보낸 암호화 키 파일을 이 단말에 가져옵니다"))
    admin.add_argument(
        "--rotate-key", action="store_true", help=tr("주민등록번호 암호화 키를 새 키로 교체합니다 (이어하기 가능)")
    )
    admin.add_argument("--verify-log", action="store_true", help=tr("접속기록의 위변조 여부를 검사합니다"))
    admin.add_argument(
        "--purge-log",
        metavar="YYYY-MM-DD",
        help=tr("이 날짜 이전의 (2년 지난) 접속기록을 --to 파일로 내보내고 정리합니다"),
    )
    admin.add_argument("--to", metavar="FILE", help=tr("--purge-log: 내보낼 CSV 파일"))
    return parser.parse_args(argv)


def start_language(argv: list[str] | None, settings_language: str | None) -> str:
    """The language of everything this run says (``--lang``, else this PC's setting), set before the first
    message: the console's messages, the argument help and the start-up errors follow it as the window does."""
    from app.formatting import set_locale
    from app.i18n import LANGUAGES, set_language

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES, default=None)
    try:
        known, _ = early.parse_known_args(argv)
        lang = known.lang
    except SystemExit:  # a wrong --lang is reported by the full parser
        lang = None
    lang = lang or settings_language or "ko"
    set_language(lang)
    set_locale(lang)
    return lang


def admin_requested(args: argparse.Namespace) -> bool:
    return bool(args.migrate or args.import_key or args.rotate_key or args.verify_log or args.purge_log)


def admin_command(args: argparse.Namespace) -> int | None:
    """The administrator's commands; None when none was asked for."""
    from app.formatting import number
    from app.i18n import tr
    from app.settings import load_settings

    if not admin_requested(args):
        return None
    settings = load_settings()
    url = args.db or settings.db_url
    if args.migrate:
        from app.bootstrap import run_migrate

        print(run_migrate(url, settings, counter_role=args.counter_role))
        return 0
    if args.import_key:
        return import_key_command(Path(args.import_key), url, settings)
    from app.bootstrap import build_context

    ctx = build_context(settings, db_url=url)
    try:
        if args.rotate_key:
            from app.services import keys

            done = keys.rotate_key(
                ctx.db,
                None,
                key_file=settings.key_file,
                on_batch=lambda s: print(
                    tr("  {position} ({rows}건)", position=s.position, rows=number(s.rows_done)), flush=True
                ),
            )
            print(
                tr(
                    "암호화 키를 교체했습니다: {old_key} → {new_key}, {rows}건 다시 암호화.",
                    old_key=done.old_key_id,
                    new_key=done.new_key_id,
                    rows=number(done.rows_done),
                )
            )
            print(tr("다른 단말에는 관리 탭의 '암호화 키 내보내기'로 새 키를 전달하세요."))
            return 0
        from app.services import audit_chain

        if args.verify_log:
            report = audit_chain.verify_log(ctx.db.uow(), None)
            print(tr(report.problem))
            return 0 if report.ok else 3
        from datetime import date

        if not args.to:
            print(tr("오류: --purge-log 에는 내보낼 파일(--to FILE)이 필요합니다."), file=sys.stderr)
            return 2
        try:
            before = date.fromisoformat(args.purge_log)
        except ValueError:
            print(tr("오류: 날짜 형식이 아닙니다: {text} (예: 2024-01-01)", text=args.purge_log), file=sys.stderr)
            return 2
        result = audit_chain.purge_before(ctx.db.uow(), None, before=before, path=Path(args.to))
        print(
            tr(
                "접속기록 {rows}건을 {path} 로 내보내고 정리했습니다 (1~{last}번).",
                rows=number(result.removed),
                path=result.path,
                last=result.cut_seq,
            )
        )
        return 0
    finally:
        ctx.db.dispose()


def import_key_command(path: Path, url: str, settings: Any) -> int:
    import getpass

    from app.bootstrap import required_keys
    from app.i18n import tr
    from db import keys

    passphrase = getpass.getpass(tr("키 파일 암호: "))
    ids = keys.import_keys(path, passphrase, settings.key_file, required=required_keys(url, settings))
    print(tr("암호화 키를 가져왔습니다 (지문 {key_ids}): {key_file}", key_ids=", ".join(ids), key_file=settings.key_file))
    return 0


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label}: {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    return result


DEMO_DB_FILE = "minwon-demo.sqlite"
DEMO_ACCOUNTS_FILE = "demo-accounts.txt"


def demo_paths() -> tuple[str, Path]:
    """The demo database (its own SQLite file, never the real one) and the file that keeps its accounts."""
    from app.settings import data_dir

    folder = data_dir()
    return f"sqlite:///{folder / DEMO_DB_FILE}", folder / DEMO_ACCOUNTS_FILE


def run_demo(ctx: Any) -> Any:
    """Fill an empty database with sample data, or reopen a demo database; never touch real data.

    Returns the context with the office as it is now (marked demo: its counters send no SMS)."""
    from dataclasses import replace

    from app.formatting import number
    from app.i18n import tr
    from app.services.demo import DEMO_USERS, database_is_empty, fill_demo
    from app.services.office import get_office

    _, accounts_file = demo_paths()
    if not database_is_empty(ctx.db):
        if not ctx.office.demo:
            raise SystemExit(
                tr(
                    "오류: {where}에는 실제 자료가 있습니다. 데모는 빈 데이터베이스나 데모 데이터베이스에서만 "
                    "시작합니다 (--db 없이 --demo: 따로 둔 데모 파일).",
                    where=ctx.info.where,
                )
            )
        print(tr("데모 데이터베이스를 엽니다: {where} (계정: main.py --demo-accounts)", where=ctx.info.where))
        return ctx
    run = fill_demo(ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code=ctx.terminal.code)
    lines = [tr("데모 데이터베이스: {where}", where=ctx.info.where), tr("데모 계정 (역할, 아이디, 비밀번호, 이름):")]
    lines += [f"  {role:<11} {username:<12} {run.passwords[username]}  ({name})" for username, name, role in DEMO_USERS]
    accounts_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(accounts_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(tr("데모 자료를 만들었습니다:"), ", ".join(f"{k} {number(v)}" for k, v in run.counts.items()))
    print("\n".join(lines))
    print(tr("(계정은 {path}에 있으며 main.py --demo-accounts로 다시 볼 수 있습니다. 문자는 보내지 않습니다.)", path=accounts_file))
    return replace(ctx, office=get_office(ctx.db.uow(), ctx.office.id))


def show_demo_accounts() -> int:
    from app.i18n import tr

    _, accounts_file = demo_paths()
    if not accounts_file.exists():
        print(tr("데모 자료가 아직 없습니다: make demo (main.py --demo)로 만드세요."), file=sys.stderr)
        return 1
    print(accounts_file.read_text(encoding="utf-8"), end="")
    return 0


def smoke(args: argparse.Namespace) -> int:
    """Build the window offscreen, migrate, render a receipt; print timings; exit 0 or explain."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="minwon-smoke-") as tmp:
        os.environ.setdefault("MINWON_CONFIG_DIR", str(Path(tmp) / "config"))
        os.environ.setdefault("MINWON_DATA_DIR", str(Path(tmp) / "data"))
        from app.i18n import tr
        from app.settings import load_settings

        settings = load_settings()
        url = f"sqlite:///{Path(tmp) / 'smoke.sqlite'}"
        print("smoke test:")
        from app.bootstrap import build_context
        from app.formatting import number

        if args.db:
            # The named database is only opened and migrated: the window, the sample data and the
            # receipt go to a temporary file, so a smoke run never adds staff or takings to real data.
            def check_target() -> None:
                target = build_context(settings, db_url=args.db)
                target.db.dispose()

            _timed(tr("데이터베이스 열기·마이그레이션 ({where})", where=args.db.split("@")[-1]), check_target)
        ctx = _timed(tr("임시 데이터베이스 열기·마이그레이션"), lambda: build_context(settings, db_url=url))
        from app.services import auth, receipts
        from app.services.demo import fill_demo

        if auth.count_users(ctx.db.uow()) == 0:
            _timed(
                tr("데모 자료"),
                lambda: fill_demo(
                    ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code=ctx.terminal.code
                ),
            )
        from ui.app import create_application

        qt_app = _timed(tr("Qt 시작·글꼴 등록"), lambda: create_application(lang=args.lang or "ko"))
        from app.services.actor import Actor
        from db.models import StaffUser

        with ctx.db.uow() as uow:
            user = (
                uow.session.query(StaffUser)
                .filter(StaffUser.role.in_(("clerk", "admin")))
                .order_by(StaffUser.role.desc())
                .first()
            )
            assert user is not None
            actor = Actor(
                user.id, user.username, user.display_name, user.role, user.office_id, ctx.terminal.id, ctx.terminal.code
            )
        from ui.context import UiContext
        from ui.main_window import MainWindow
        from ui.tasks import TaskRunner

        def build_window() -> MainWindow:
            window = MainWindow(UiContext(ctx, actor, TaskRunner(synchronous=True)))
            window.show()
            for i in range(window.tabs.count()):
                window.tabs.setCurrentIndex(i)
            qt_app.processEvents()
            return window

        window = _timed(tr("주 화면 만들기"), build_window)
        clerk = actor if actor.role != "admin" else None
        if clerk is None:
            print(tr("  (영수증: 창구 계정이 없어 건너뜀)"))
        else:

            def make_receipt() -> Path:
                from app.services import printing

                view = receipts.issue_receipt(
                    ctx.db.uow(),
                    clerk,
                    payment_method="현금",
                    lines=[receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)],
                )
                return printing.print_receipt(ctx.db.uow(), clerk, receipt=view, path=Path(tmp) / "receipt.pdf")

            pdf = _timed(tr("영수증 PDF"), make_receipt)
            print(tr("  영수증 PDF {size} bytes", size=number(pdf.stat().st_size)))
        window.close()
        ctx.db.dispose()
    print("smoke test OK")
    return 0


def first_start_needed(settings: Any) -> bool:
    """A PC with no settings.json yet starts with the first-start dialog (``ui.dialogs.first_start``, whose
    ``first_start_needed`` says the same; asked here without importing Qt before the database is open)."""
    return settings.path is None or not settings.path.exists()


def run_gui(args: argparse.Namespace) -> int:
    from ui.app import check_display

    problem = check_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from app.formatting import set_locale
    from app.i18n import set_language
    from app.settings import load_settings

    settings = load_settings()
    lang = args.lang or settings.get("language")
    set_language(lang)
    set_locale(lang)
    from ui.app import ask_for_key, create_application

    url = (args.db or demo_paths()[0]) if args.demo else args.db
    actor = None
    if not args.demo and not args.db and first_start_needed(settings):
        # A PC without settings.json: the first-start dialog (database, key, first admin, printers).
        from ui.dialogs.first_start import run_first_start

        create_application(lang=lang)
        started = run_first_start(settings)
        if started is None:
            return 0  # closed: nothing written, the next start asks again
        ctx, actor = started
    elif not args.demo:
        # The usual start: the sign-in dialog is on screen first and the database opens behind it
        # (ui.session.run_signing_in); SQLAlchemy and the models are imported there, on a thread.
        from ui.session import run_signing_in

        return run_signing_in(create_application(lang=lang), settings, url)
    else:
        # The demo fills its database before the window: opened before Qt is imported (ui.app says why).
        from app.bootstrap import build_context
        from db.keys import KeyMissing

        try:
            ctx = build_context(settings, db_url=url)
        except KeyMissing as exc:
            # A new counter on a shared database: the key dialog imports the admin's key, then go on.
            create_application(lang=lang)
            from ui.errors import message_for

            if not ask_for_key(message_for(exc)[0], key_file=settings.key_file, required=exc.key_ids):
                return 1
            ctx = build_context(settings, db_url=url)
    if args.demo:
        ctx = run_demo(ctx)
    from ui.session import run_session

    app = create_application(lang=lang)
    return run_session(app, ctx, actor=actor)


def main(argv: list[str] | None = None) -> int:
    from app.logs import setup_logging
    from app.settings import load_settings

    settings_language = None
    try:
        settings = load_settings()
        level = settings.log_level  # 관리 › 설정 › 로그 수준
        settings_language = str(settings.get("language") or "") or None
    except Exception:  # noqa: BLE001 - a settings file that cannot be read is reported later, not here
        level = logging.INFO
    setup_logging(level=level)
    start_language(argv if argv is not None else sys.argv[1:], settings_language)
    args = parse_args(argv)
    from app.i18n import exception_text, tr

    try:
        done = admin_command(args)
        if done is not None:
            return done
        if args.smoke:
            return smoke(args)
        if args.demo_accounts:
            return show_demo_accounts()
        return run_gui(args)
    except Exception as exc:
        # (imported here: the usual start imports SQLAlchemy on a thread, after the sign-in dialog is painted)
        from app.bootstrap import DatabaseUnavailable
        from app.services.errors import ServiceError
        from db.pii import KeyFileError

        if not isinstance(exc, (DatabaseUnavailable, KeyFileError, ServiceError)):
            raise
        # in the UI language: a refusal's own translation, else the catalog's text of the Korean message
        said = exc.text() if isinstance(exc, (ServiceError, DatabaseUnavailable)) else exception_text(exc)
        if sys.stderr is not None:  # None in the windowed program
            print(tr("오류: {problem}", problem=said), file=sys.stderr)
        if not (args.smoke or args.demo_accounts or admin_requested(args)):
            from ui.app import show_start_error

            show_start_error(said)
        return 1


if __name__ == "__main__":
    sys.exit(main())
