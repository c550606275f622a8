"""Benchmarks (never part of the test run): ``python -m bench [--db URL --key-file K] [--receipts N] [--runs N]``.

- receipts end to end (``bench.receipts``): a certificate issued with its receipt and the receipt printed as the
  counter does, against a minimal reportlab page (issue 17: within 3×); run first, without tracemalloc.
- receipts: a working day is about 2,100 counter transactions; how long do N receipts take end to end
  (validation, number allocation, audit, commit)?
- deadlines: due dates for 10,000 petitions of mixed periods (the petition list recomputes them).
- receipt PDFs: rendering time per receipt.
- memory: peak Python allocations over the run (tracemalloc).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path


def _report(name: str, count: int, seconds: float) -> None:
    print(
        f"{name:<14} {count:>6} in {seconds:6.2f} s = {count / seconds:8.0f}/s ({seconds / count * 1000:7.2f} ms each)"
    )


def bench_receipts(url: str | None, tmp: Path, count: int, key_file: Path | None = None) -> None:
    from app.bootstrap import build_context
    from app.services import auth, receipts
    from app.settings import Settings

    settings = Settings(values={"key_file": str(key_file or tmp / "rrn.key")})
    ctx = build_context(settings, db_url=url or f"sqlite:///{tmp}/bench.sqlite")
    name = f"bench{int(time.time() * 1000) % 10**9}"
    with ctx.db.uow() as uow:
        auth._create(
            uow, office_id=ctx.office.id, username=name, display_name="벤치", role="clerk", password="bench-pass-1"
        )
        uow.commit()
    actor = auth.sign_in(
        ctx.db.uow(),
        username=name,
        password="bench-pass-1",
        terminal_id=ctx.terminal.id,
        terminal_code=ctx.terminal.code,
    )
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    start = time.perf_counter()
    views = [receipts.issue_receipt(ctx.db.uow(), actor, lines=[line], payment_method="현금") for _ in range(count)]
    _report("receipts", count, time.perf_counter() - start)

    from app.documents.receipts import render_receipt

    start = time.perf_counter()
    for i, view in enumerate(views[:20]):
        render_receipt(view, tmp / f"r{i}.pdf")
    _report("receipt PDFs", 20, time.perf_counter() - start)
    ctx.db.dispose()


def bench_deadlines(count: int) -> None:
    from app.domain.calendar import SEOUL
    from app.domain.deadlines import due_at

    rng = random.Random(1)
    periods = ["즉시", "3시간", "1일", "3일", "5일", "7일", "10일", "14일", "30일", "2주", "1개월", "3개월"]
    base = datetime(2026, 1, 2, 9, 0, tzinfo=SEOUL)
    inputs = [(base + timedelta(minutes=rng.randrange(0, 365 * 24 * 60)), rng.choice(periods)) for _ in range(count)]
    start = time.perf_counter()
    for received, period in inputs:
        due_at(received, period)
    _report("deadlines", count, time.perf_counter() - start)


def bench_end_to_end(url: str | None, key_file: Path | None, tmp: Path, runs: int) -> None:
    from bench import receipts as end_to_end

    report = end_to_end.run(
        url or f"sqlite:///{tmp}/end-to-end.sqlite", key_file or tmp / "rrn.key", runs=runs, out=tmp / "pdf"
    )
    for line in end_to_end.lines(report):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--key-file", type=Path, help="the resident-number key of --db (a generated database's)")
    parser.add_argument("--receipts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=11, help="runs of each case of the end-to-end receipt bench")
    parser.add_argument("--deadlines", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_end_to_end(args.db, args.key_file, Path(tmp), args.runs)
    tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        bench_receipts(args.db, Path(tmp), args.receipts, args.key_file)
        bench_deadlines(args.deadlines)
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak Python memory: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
