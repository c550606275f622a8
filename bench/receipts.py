"""A receipt end to end against a minimal page: ``python -m bench.receipts --db URL --key-file K [--runs N]``.

Issue 17: "a receipt end to end within 3× a minimal page". Each case runs once to warm up (the fonts registered,
the catalogs read, the first statements prepared) and then ``--runs`` times; p50/p95 in ms and the ratio of each
p50 to the minimal page's, and the same for this process's CPU time (``time.process_time``: on a machine shared
with other work the wall times of the same case differ by 2×, the CPU times much less; the database server's
work is in the wall time only):

- **minimal page**: a reportlab canvas page in NanumGothic as the app registers it (``app.documents.fonts``),
  one line of text, saved to a file;
- **minimal platypus page**: the same line as one ``Paragraph`` through ``SimpleDocTemplate`` (the receipt's own
  layout engine; for where the time goes);
- **receipt PDF alone**: ``app.documents.receipts.render_receipt`` of a receipt view (the roll the counter prints,
  or ``--paper a4``);
- **end to end**: what the certificate form does for one 등본 paid in cash (``ui.tabs.counter.certificates``):
  ``certificates.issue_certificates`` (the applicant found by resident number: a person of the database, their
  number decrypted as the clerk would type it), ``certificates.prepare_receipt_print`` (the logged intent, the
  print counter), ``PendingPrint.render()`` (the PDF) and ``printing.finish_print`` (``print.done``); its four
  steps are shown apart too, and the same with a new applicant.

Writes real receipts, certificate issues and access-log entries into the database (as a counter would): use a
generated bench database (``python -m bench.generate``), never an office's. Signs in as ``--user`` (default the
generator's ``gen.clerk01``); where that user does not exist, a clerk of its own is created. ``--profile``
prints cProfile's top functions of the end-to-end runs (then the times include the profiler).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import platform
import pstats
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_USER = "bench.receipts"
BENCH_PASSWORD = "bench-receipts-1"
GENERATED_PASSWORD = "generated-pass-1"
TARGET_RATIO = 3.0
MINIMAL_LINE = "영수증 벤치 한 줄 — 주민등록표 등본 1부 400원"


@dataclass
class Timing:
    name: str
    samples: list[float] = field(default_factory=list)
    # this process's CPU time of each run (``time.process_time``): what the machine's other load barely moves;
    # the database server's own work is not in it (wall time is the figure; CPU says how much is ours)
    cpu: list[float] = field(default_factory=list)

    def add(self, wall_s: float, cpu_s: float) -> None:
        self.samples.append(wall_s * 1000)
        self.cpu.append(cpu_s * 1000)

    @property
    def cpu_p50(self) -> float:
        return statistics.median(self.cpu)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Report:
    database: str
    timings: dict[str, Timing]
    font_registration_ms: float
    applicants: int
    receipts_written: int
    pdf_bytes: int

    def ratio(self, name: str) -> float:
        base = self.timings["minimal"].p50
        return self.timings[name].p50 / base if base else float("inf")

    def cpu_ratio(self, name: str) -> float:
        base = self.timings["minimal"].cpu_p50
        return self.timings[name].cpu_p50 / base if base else float("inf")


NAMES = {
    "minimal": "최소 페이지 (canvas, 한 줄)",
    "minimal_platypus": "최소 페이지 (platypus Paragraph 하나)",
    "pdf": "영수증 PDF만 (render_receipt)",
    "e2e": "발급부터 출력까지 (기존 민원인)",
    "e2e_new": "발급부터 출력까지 (새 민원인)",
    "issue": "  └ issue_certificates",
    "prepare": "  └ prepare_receipt_print",
    "render": "  └ PendingPrint.render (PDF)",
    "finish": "  └ finish_print",
}


def minimal_page(path: Path) -> Path:
    """One line of text in NanumGothic on a page the size of a short receipt roll (the reference of issue 17)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from app.documents.fonts import register_fonts

    regular, _ = register_fonts()
    canvas = Canvas(str(path), pagesize=(80 * mm, 40 * mm))
    canvas.setFont(regular, 8)
    canvas.drawString(3 * mm, 30 * mm, MINIMAL_LINE)
    canvas.showPage()
    canvas.save()
    return path


def minimal_platypus_page(path: Path) -> Path:
    """The same line as one Paragraph laid out by platypus (what every document of the app builds on)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.documents.fonts import register_fonts

    regular, _ = register_fonts()
    doc = SimpleDocTemplate(
        str(path), pagesize=(80 * mm, 40 * mm), leftMargin=3 * mm, rightMargin=3 * mm, topMargin=3 * mm
    )
    doc.build([Paragraph(MINIMAL_LINE, ParagraphStyle("body", fontName=regular, fontSize=8, leading=11))])
    return path


def _timed(timing: Timing, fn: Callable[[], Any]) -> Any:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    timing.add(time.perf_counter() - started, time.process_time() - cpu)
    return result


def _repeat(timing: Timing, fn: Callable[[int], Any], runs: int) -> None:
    fn(-1)  # warm-up
    for i in range(runs):
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        fn(i)
        timing.add(time.perf_counter() - started, time.process_time() - cpu)


class Counter:
    """The opened database and a clerk signed in at the context's terminal."""

    def __init__(self, url: str, key_file: Path, *, user: str = "gen.clerk01", password: str = GENERATED_PASSWORD):
        from app.bootstrap import build_context
        from app.settings import Settings

        self.ctx = build_context(Settings(values={"key_file": str(key_file)}), db_url=url)
        self.actor = self._sign_in(user, password)

    def _sign_in(self, user: str, password: str) -> Any:
        from sqlalchemy import select

        from app.services import auth
        from db.models import StaffUser as User

        with self.ctx.db.uow() as uow:
            known = uow.session.scalar(
                select(User.id).where(User.username == user, User.office_id == self.ctx.office.id)
            )
            if known is None:
                user, password = BENCH_USER, BENCH_PASSWORD
                mine = uow.session.scalar(
                    select(User.id).where(User.username == user, User.office_id == self.ctx.office.id)
                )
                if mine is None:
                    auth._create(
                        uow,
                        office_id=self.ctx.office.id,
                        username=user,
                        display_name="영수증벤치",
                        role="clerk",
                        password=password,
                    )
                    uow.commit()
        return auth.sign_in(
            self.ctx.db.uow(),
            username=user,
            password=password,
            terminal_id=self.ctx.terminal.id,
            terminal_code=self.ctx.terminal.code,
        )

    def people(self, count: int) -> list[tuple[str, str]]:
        """(name, resident number) of ``count`` applicants of the database with a number, the newest first."""
        from sqlalchemy import select

        from db.models import Applicant

        assert self.ctx.db.pii is not None
        with self.ctx.db.uow() as uow:
            rows = uow.session.execute(
                select(Applicant.name, Applicant.rrn_cipher)
                .where(Applicant.rrn_cipher.is_not(None))
                .order_by(Applicant.id.desc())
                .limit(count)
            ).all()
        return [(name, self.ctx.db.pii.decrypt(bytes(cipher or b""))) for name, cipher in rows]


def run(
    url: str,
    key_file: Path,
    *,
    runs: int = 11,
    paper: str = "roll80",
    user: str = "gen.clerk01",
    out: Path | None = None,
    profile: cProfile.Profile | None = None,
) -> Report:
    """Time the cases (see the module's text); PDFs go to ``out`` (default a temporary folder)."""
    if out is None:
        with tempfile.TemporaryDirectory(prefix="bench-receipts-") as tmp:
            return run(url, key_file, runs=runs, paper=paper, user=user, out=Path(tmp), profile=profile)
    from app.documents import fonts
    from app.documents.receipts import qr_runs, render_receipt
    from app.services import certificates, printing
    from app.services.demo import random_rrn
    from app.views.certificates import CertificateLine

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fonts.register_fonts()  # once per process (cached): not part of any case below
    font_ms = (time.perf_counter() - started) * 1000

    counter = Counter(url, key_file, user=user)
    try:
        ctx, actor = counter.ctx, counter.actor
        people = counter.people(runs + 1)
        rng = random.Random(time.time_ns())  # new people each run: a number of an earlier run is a person now
        if not people:
            people = [("벤치민원인", random_rrn(rng))]
        timings = {name: Timing(NAMES[name]) for name in NAMES}
        _repeat(timings["minimal"], lambda i: minimal_page(out / f"minimal{i}.pdf"), runs)
        _repeat(timings["minimal_platypus"], lambda i: minimal_platypus_page(out / f"platypus{i}.pdf"), runs)
        written = 0

        def end_to_end(i: int, *, new: bool, parts: bool) -> Path:
            nonlocal written
            if new:
                name, number = "벤치신규", random_rrn(rng)
            else:
                name, number = people[(i + 1) % len(people)]

            def issue() -> Any:
                return certificates.issue_certificates(
                    ctx.db.uow(),
                    actor,
                    applicant_name=name,
                    resident_number=number,
                    lines=[CertificateLine("등본", 1)],
                    payment_method="현금",
                    cash_received=1000,
                    client_uuid=uuid.uuid4(),
                )

            def prepare(view: Any) -> Any:
                return certificates.prepare_receipt_print(
                    ctx.db.uow(),
                    actor,
                    issue=view,
                    path=out / f"receipt-{'n' if new else 'e'}{i}.pdf",
                    paper=paper,
                )

            if parts and i >= 0:
                view = _timed(timings["issue"], issue)
                pending = _timed(timings["prepare"], lambda: prepare(view))
                _timed(timings["render"], pending.render)
                path = _timed(timings["finish"], lambda: printing.finish_print(ctx.db.uow(), actor, pending))
            else:
                pending = prepare(issue())
                pending.render()
                path = printing.finish_print(ctx.db.uow(), actor, pending)
            written += 1
            return path

        profiler = profile

        def e2e(i: int) -> Path:
            if profiler is not None and i >= 0:
                profiler.enable()
                try:
                    return end_to_end(i, new=False, parts=False)
                finally:
                    profiler.disable()
            return end_to_end(i, new=False, parts=False)

        _repeat(timings["e2e"], e2e, runs)
        # the steps apart (not timed as one: the timer's own calls are outside each step)
        end_to_end(-1, new=False, parts=True)
        for i in range(runs):
            gc.collect()
            end_to_end(i, new=False, parts=True)
        _repeat(timings["e2e_new"], lambda i: end_to_end(i, new=True, parts=False), runs)

        # the receipt PDF alone, from the view of a receipt just issued (as the print renders it)
        view = certificates.issue_certificates(
            ctx.db.uow(),
            actor,
            applicant_name=people[0][0],
            resident_number=people[0][1],
            lines=[CertificateLine("등본", 1)],
            payment_method="현금",
            cash_received=1000,
            client_uuid=uuid.uuid4(),
        ).receipt
        written += 1

        def alone(i: int) -> Path:
            qr_runs.cache_clear()  # a receipt's code is encoded once, when it is printed: not cached across runs
            return render_receipt(view, out / f"alone{i}.pdf", paper=paper)

        _repeat(timings["pdf"], alone, runs)
        size = (out / f"alone{runs - 1}.pdf").stat().st_size if runs else 0
        return Report(ctx.info.kind, timings, font_ms, len(people), written, size)
    finally:
        counter.ctx.db.dispose()


def lines(report: Report) -> Iterator[str]:
    yield (
        f"| 경우 | p50 ms | p95 ms | 최소 페이지의 배 (p50) | CPU p50 ms | CPU 배 | 목표 (≤ {TARGET_RATIO:.0f}×, p50) |"
    )
    yield "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    for key, timing in report.timings.items():
        if not timing.samples:
            continue
        ratio = report.ratio(key)
        verdict = ""
        if key in ("pdf", "e2e", "e2e_new"):
            verdict = "ok" if ratio <= TARGET_RATIO else "NOT MET"
        yield (
            f"| {timing.name} | {timing.p50:.1f} | {timing.p95:.1f} | {ratio:.1f}× | {timing.cpu_p50:.1f} | "
            f"{report.cpu_ratio(key):.1f}× | {verdict} |"
        )
    yield (
        f"database {report.database}; font registration once per process {report.font_registration_ms:.0f} ms; "
        f"{report.receipts_written} receipts written; receipt PDF {report.pdf_bytes:,} bytes"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.receipts", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file (a generated bench database)")
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--paper", choices=("roll80", "a4"), default="roll80")
    parser.add_argument("--user", default="gen.clerk01", help="a clerk of the database (password generated-pass-1)")
    parser.add_argument("--out", type=Path, help="keep the PDFs in this folder")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the end-to-end runs (top 60 cumulative, top 30 own time)"
    )
    args = parser.parse_args(argv)
    print(f"{platform.node()} · {platform.processor() or platform.machine()} · Python {platform.python_version()}")
    profiler = cProfile.Profile() if args.profile else None
    report = run(
        args.db, args.key_file, runs=max(1, args.runs), paper=args.paper, user=args.user, out=args.out, profile=profiler
    )
    for line in lines(report):
        print(line, flush=True)
    if profiler is not None:
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        print(buffer.getvalue())


if __name__ == "__main__":
    main()
