"""Run the benchmarks: receipts issued per second on SQLite (and PostgreSQL with --db)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--receipts", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from app.bootstrap import build_context
        from app.services import auth, receipts
        from app.settings import Settings

        settings = Settings(values={"key_file": str(Path(tmp) / "rrn.key")})
        ctx = build_context(settings, db_url=args.db or f"sqlite:///{tmp}/bench.sqlite")
        with ctx.db.uow() as uow:
            user = auth._create(
                uow,
                office_id=ctx.office.id,
                username=f"bench{int(time.time())}",
                display_name="벤치",
                role="clerk",
                password="bench-pass-1",
            )
            uow.commit()
        actor = auth.sign_in(
            ctx.db.uow(),
            username=user.username,
            password="bench-pass-1",
            terminal_id=ctx.terminal.id,
            terminal_code=ctx.terminal.code,
        )
        line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
        start = time.perf_counter()
        for _ in range(args.receipts):
            receipts.issue_receipt(ctx.db.uow(), actor, lines=[line], payment_method="현금")
        elapsed = time.perf_counter() - start
        print(
            f"receipts: {args.receipts} in {elapsed:.2f} s = {args.receipts / elapsed:.0f}/s "
            f"({elapsed / args.receipts * 1000:.1f} ms each; a working day is ~2,100 transactions)"
        )
        ctx.db.dispose()


if __name__ == "__main__":
    main()
