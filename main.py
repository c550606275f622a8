"""민원창구 (Minwon Desk): parse arguments, build the context, start Qt; nothing else."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="민원창구: 민원여권과 창구 프로그램")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="데이터베이스 주소 (기본: 사용자 데이터 폴더의 SQLite 파일; 예: postgresql://user@host/db)",
    )
    parser.add_argument("--demo", action="store_true", help="빈 데이터베이스에 예시 자료를 채웁니다")
    parser.add_argument("--lang", choices=("ko", "en"), default=None, help="화면 언어")
    parser.add_argument("--smoke", action="store_true", help="화면 없이 창·DB·영수증 PDF를 점검하고 종료합니다")
    return parser.parse_args(argv)


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label}: {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    return result


def run_demo(ctx: Any) -> None:
    from app.services.demo import database_is_empty, fill_demo

    if not database_is_empty(ctx.db):
        print("데이터베이스에 이미 자료가 있어 데모 자료를 만들지 않았습니다.")
        return
    run = fill_demo(ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code=ctx.terminal.code)
    print("데모 자료를 만들었습니다:", ", ".join(f"{k} {v}" for k, v in run.counts.items()))
    print("데모 계정 (이 비밀번호는 지금 한 번만 표시됩니다):")
    from app.services.demo import DEMO_USERS

    for username, name, role in DEMO_USERS:
        print(f"  {role:<11} {username:<12} {run.passwords[username]}  ({name})")


def smoke(args: argparse.Namespace) -> int:
    """Build the window offscreen, migrate, render a receipt; print timings; exit 0 or explain."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="minwon-smoke-") as tmp:
        os.environ.setdefault("MINWON_CONFIG_DIR", str(Path(tmp) / "config"))
        os.environ.setdefault("MINWON_DATA_DIR", str(Path(tmp) / "data"))
        from app.settings import load_settings

        settings = load_settings()
        url = f"sqlite:///{Path(tmp) / 'smoke.sqlite'}"
        print("smoke test:")
        from app.bootstrap import build_context

        if args.db:
            # The named database is only opened and migrated: the window, the sample data and the
            # receipt go to a temporary file, so a smoke run never adds staff or takings to real data.
            def check_target() -> None:
                target = build_context(settings, db_url=args.db)
                target.db.dispose()

            _timed(f"데이터베이스 열기·마이그레이션 ({args.db.split('@')[-1]})", check_target)
        ctx = _timed("임시 데이터베이스 열기·마이그레이션", lambda: build_context(settings, db_url=url))
        from app.services import auth, receipts
        from app.services.demo import fill_demo

        if auth.count_users(ctx.db.uow()) == 0:
            _timed(
                "데모 자료",
                lambda: fill_demo(
                    ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code=ctx.terminal.code
                ),
            )
        from ui.app import create_application

        qt_app = _timed("Qt 시작·글꼴 등록", lambda: create_application(lang=args.lang or "ko"))
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

        window = _timed("주 화면 만들기", build_window)
        clerk = actor if actor.role != "admin" else None
        if clerk is None:
            print("  (영수증: 창구 계정이 없어 건너뜀)")
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

            pdf = _timed("영수증 PDF", make_receipt)
            print(f"  영수증 PDF {pdf.stat().st_size:,} bytes")
        window.close()
        ctx.db.dispose()
    print("smoke test OK")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from ui.app import check_display

    problem = check_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from app.bootstrap import build_context
    from app.formatting import set_locale
    from app.settings import load_settings

    settings = load_settings()
    lang = args.lang or settings.get("language")
    set_locale(lang)
    ctx = build_context(settings, db_url=args.db)
    if args.demo:
        run_demo(ctx)
    from ui.app import create_application
    from ui.session import run_session

    app = create_application(lang=lang)
    return run_session(app, ctx)


def main(argv: list[str] | None = None) -> int:
    from app.logs import setup_logging

    setup_logging()
    args = parse_args(argv)
    from app.bootstrap import DatabaseUnavailable
    from db.pii import KeyFileError

    try:
        if args.smoke:
            return smoke(args)
        return run_gui(args)
    except (DatabaseUnavailable, KeyFileError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
