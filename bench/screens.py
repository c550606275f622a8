"""Time every screen's query and report on a generated database: ``python -m bench.screens --db URL``.

For each case the service the screen calls (with its checks, its access-log entry and its commit) is timed
``--runs`` times after one warm-up run, and so is the same question asked in raw SQL on the driver's own
connection in the same process (what the database alone needs for it); the table shows p50 and p95 of both and
their ratio. No tracemalloc, no profiler: memory is measured apart. Make the database first with
``python -m bench.generate`` and give the same ``--key-file``.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.calendar import SEOUL

OPEN = ("received", "processing", "supplement")


@dataclass
class Case:
    name: str
    call: Callable[[], Any]
    sql: str
    params: Sequence[Any] = ()
    target_ms: float = 200.0


@dataclass
class Result:
    name: str
    rows: int
    p50: float
    p95: float
    raw_p50: float
    raw_p95: float
    target_ms: float

    @property
    def ratio(self) -> float:
        return self.p50 / self.raw_p50 if self.raw_p50 else float("inf")

    @property
    def meets(self) -> bool:
        return self.p95 < self.target_ms


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time(fn: Callable[[], Any], runs: int) -> tuple[Any, list[float]]:
    result = fn()  # warm-up (caches, the planner's first look)
    samples = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return result, samples


class Bench:
    """The opened database, a supervisor signed in, and the facts the cases ask about (a peak day, numbers)."""

    def __init__(self, url: str, key_file: Path) -> None:
        from app.bootstrap import build_context
        from app.services import auth
        from app.settings import Settings

        self.ctx = build_context(Settings(values={"key_file": str(key_file)}), db_url=url)
        self.postgres = self.ctx.info.kind == "postgresql"
        self.actor = auth.sign_in(
            self.ctx.db.uow(),
            username="gen.super",
            password="generated-pass-1",
            terminal_id=self.ctx.terminal.id,
            terminal_code=self.ctx.terminal.code,
        )
        self.raw = self.ctx.db.engine.raw_connection()
        self.office = self.ctx.office.id

    def sql(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.raw.cursor()
        try:
            cursor.execute(statement.replace("?", "%s") if self.postgres else statement, tuple(params))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        self.raw.commit()
        return list(rows)

    def day_value(self, day: date) -> Any:
        return day if self.postgres else day.isoformat()

    def moment_value(self, moment: datetime) -> Any:
        utc = moment.astimezone(UTC)
        return utc if self.postgres else utc.replace(tzinfo=None).isoformat(" ", timespec="microseconds")

    def one(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.sql(statement, params)
        return rows[0][0] if rows else None


def cases(b: Bench) -> list[Case]:
    from app.services import applicants, audit, dayclose, overdue, receipts
    from app.services.family import list_filings
    from app.services.passports import list_applications, list_uncollected, open_emergencies
    from app.services.passports.queries import find_application
    from app.services.petitions import list_petitions

    actor, uow, office = b.actor, b.ctx.db.uow, b.office
    peak = b.one(
        "SELECT business_day FROM receipts WHERE office_id = ? GROUP BY business_day ORDER BY count(*) DESC LIMIT 1",
        (office,),
    )
    peak_day = peak if isinstance(peak, date) else date.fromisoformat(str(peak))
    last = b.one("SELECT max(business_day) FROM receipts WHERE office_id = ?", (office,))
    last_day = last if isinstance(last, date) else date.fromisoformat(str(last))
    month_start = last_day.replace(day=1)
    year_start = last_day - timedelta(days=364)
    receipt_number = b.one(
        "SELECT number FROM receipts WHERE business_day = ? ORDER BY id LIMIT 1", (b.day_value(peak_day),)
    )
    petition_number = b.one("SELECT number FROM petitions ORDER BY id DESC LIMIT 1 OFFSET 500")
    filing_number = b.one("SELECT number FROM family_filings ORDER BY id DESC LIMIT 1 OFFSET 300")
    passport_number = b.one("SELECT number FROM passport_applications ORDER BY id DESC LIMIT 1 OFFSET 300")
    person = "SELECT rrn_cipher, phone, name FROM applicants ORDER BY id DESC LIMIT 1 OFFSET 1000"
    cipher, phone, name = b.sql(person)[0]
    assert b.ctx.db.pii is not None
    rrn = b.ctx.db.pii.decrypt(bytes(cipher))
    hmac = b.ctx.db.pii.lookup_hash(rrn)
    tail = phone[-4:]
    prefix, partial = name[:2], name[1:]
    p_cols = "p.id, p.number, p.type_name, p.status, p.received_at, p.due_at, p.contact_phone, a.name, s.display_name"
    p_from = (
        "FROM petitions p JOIN applicants a ON a.id = p.applicant_id JOIN staff_users s ON s.id = p.clerk_id "
        "WHERE p.office_id = ?"
    )
    day_start = datetime.combine(last_day, datetime.min.time(), SEOUL)
    audit_from = b.moment_value(day_start)
    audit_to = b.moment_value(day_start + timedelta(days=1))
    month_from = b.moment_value(datetime.combine(month_start, datetime.min.time(), SEOUL))
    receipt_sql = (
        "SELECT r.id, r.number, r.total, r.status, a.name, a.rrn_masked, l.description, l.amount, y.method "
        "FROM receipts r LEFT JOIN applicants a ON a.id = r.applicant_id JOIN receipt_lines l ON l.receipt_id = r.id "
        "JOIN payments y ON y.receipt_id = r.id WHERE r.office_id = ? AND r.business_day = ? ORDER BY r.number"
    )
    period_sql = (
        "SELECT l.description, sum(l.quantity), sum(CASE WHEN l.exemption <> '' THEN l.quantity ELSE 0 END), "
        "sum(l.amount) FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id WHERE r.office_id = ? "
        "AND r.business_day >= ? AND r.business_day <= ? AND r.status <> 'voided' GROUP BY l.description"
    )
    search = 50.0
    # The F7 statements as ``db.name_search`` writes them (FTS5 trigram table on SQLite, pg_trgm on PostgreSQL).
    f7 = "SELECT id, name, rrn_masked, phone FROM applicants"
    fts = "SELECT rowid FROM applicants_fts WHERE applicants_fts MATCH ?"

    filing_name = b.one("SELECT subject_name FROM family_filings ORDER BY id DESC LIMIT 1 OFFSET 300")
    petition_part = petition_number[-9:]  # the day's date and the sequence: 1125-0001
    p_order = "ORDER BY p.due_at, p.id LIMIT 500"
    p_fts = "SELECT rowid FROM petitions_fts WHERE petitions_fts MATCH ?"

    def petitions_by_name(part: str) -> tuple[str, tuple[Any, ...]]:
        """The indexed statement the list sends for a name (``db.name_search``), to compare with."""
        if b.postgres:
            patterns = [part + "%", "%" + part] if len(part) == 2 else ["%" + part + "%"]
            where = " OR ".join(f"name ILIKE {quote(p)}" for p in patterns)
            return (
                f"SELECT {p_cols} {p_from} AND p.applicant_id IN (SELECT id FROM applicants WHERE {where}) {p_order}",
                (office,),
            )
        match = f'name : "^{part}" OR name : "{part}$"' if len(part) == 2 else f'name : "{part}"'
        return f"SELECT {p_cols} {p_from} AND p.applicant_id IN ({fts}) {p_order}", (office, match)

    def filings_by_name(part: str) -> tuple[str, tuple[Any, ...]]:
        f_head = "SELECT id, number FROM family_filings WHERE office_id = ? AND id IN "
        f_order = "ORDER BY received_at DESC, id DESC LIMIT 500"
        if b.postgres:
            patterns = [part + "%", "%" + part] if len(part) == 2 else ["%" + part + "%"]
            subject = " OR ".join(f"subject_name ILIKE {quote(p)}" for p in patterns)
            party = " OR ".join(f"name ILIKE {quote(p)}" for p in patterns)
            return (
                f"{f_head}(SELECT id FROM family_filings WHERE {subject} UNION ALL "
                f"SELECT filing_id FROM family_filing_parties WHERE {party}) {f_order}",
                (office,),
            )
        phrases = ["^" + part, part + "$"] if len(part) == 2 else [part]
        match = " OR ".join(f'{c} : "{p}"' for c in ("subject", "parties") for p in phrases)
        return f"{f_head}(SELECT rowid FROM family_names_fts WHERE family_names_fts MATCH ?) {f_order}", (office, match)

    def quote(text: str) -> str:
        return "'" + text.replace("'", "''").replace("%", "%%") + "'"

    def two_chars(part: str) -> tuple[str, tuple[str, ...]]:
        if b.postgres:  # the patterns inline, as the service sends them (a prepared generic plan cannot use pg_trgm)
            return (
                f"{f7} WHERE name ILIKE {quote(part + '%')} OR name ILIKE {quote('%' + part)} ORDER BY name LIMIT 50",
                (),
            )
        return f"{f7} WHERE id IN ({fts}) ORDER BY name LIMIT 50", (f'name : "^{part}" OR name : "{part}$"',)

    return [
        Case(
            "유기한 민원 목록 (상태 기본: 처리 중)",
            lambda: list_petitions(uow(), actor),
            f"SELECT {p_cols} {p_from} AND p.status IN ('received','processing','supplement') "
            "ORDER BY p.due_at, p.id LIMIT 500",
            (office,),
        ),
        Case(
            "유기한 민원 목록 (상태 전체)",
            lambda: list_petitions(uow(), actor, status="all"),
            f"SELECT {p_cols} {p_from} ORDER BY p.due_at, p.id LIMIT 500",
            (office,),
        ),
        Case(
            "유기한 민원 목록 (통지·교부)",
            lambda: list_petitions(uow(), actor, status="notified"),
            f"SELECT {p_cols} {p_from} AND p.status = 'notified' ORDER BY p.due_at, p.id LIMIT 500",
            (office,),
        ),
        Case(
            "처리상황 점검 미리보기",
            lambda: overdue.overdue_preview(uow(), actor, within_days=3),
            "SELECT department, count(*) FROM petitions WHERE office_id = ? AND status IN "
            "('received','processing') GROUP BY department",
            (office,),
        ),
        Case(
            f"그날 영수증 (최다 {peak_day})",
            lambda: receipts.list_receipts(uow(), actor, day=peak_day),
            receipt_sql,
            (office, b.day_value(peak_day)),
        ),
        Case(
            f"일일 집계 (최다 {peak_day})",
            lambda: dayclose.day_summary(uow(), actor, day=peak_day),
            "SELECT y.method, count(*), sum(r.total) FROM receipts r JOIN payments y ON y.receipt_id = r.id "
            "WHERE r.office_id = ? AND r.business_day = ? AND r.status <> 'voided' GROUP BY y.method",
            (office, b.day_value(peak_day)),
        ),
        Case(
            "기간 통계 (한 달)",
            lambda: dayclose.period_items(uow(), actor, start=month_start, end=last_day),
            period_sql,
            (office, b.day_value(month_start), b.day_value(last_day)),
            1000.0,
        ),
        Case(
            "기간 통계 (한 해)",
            lambda: dayclose.period_items(uow(), actor, start=year_start, end=last_day),
            period_sql,
            (office, b.day_value(year_start), b.day_value(last_day)),
            1000.0,
        ),
        Case(
            "F7 주민등록번호",
            lambda: applicants.find_by_resident_number(uow(), actor, rrn),
            "SELECT id, name, rrn_masked FROM applicants WHERE rrn_hmac = ?",
            (hmac,),
            search,
        ),
        Case(
            f"F7 성명 앞부분 '{prefix}'",
            lambda: applicants.search_by_name(uow(), actor, prefix),
            *two_chars(prefix),
            search,
        ),
        Case(
            f"F7 성명 일부 '{partial}' (이름 끝)",
            lambda: applicants.search_by_name(uow(), actor, partial),
            *two_chars(partial),
            search,
        ),
        Case(
            f"F7 성명 세 글자 '{name}' (어디든)",
            lambda: applicants.search_by_name(uow(), actor, name),
            *(
                (f"{f7} WHERE name ILIKE {quote('%' + name + '%')} ORDER BY name LIMIT 50", ())
                if b.postgres
                else (f"{f7} WHERE id IN ({fts}) ORDER BY name LIMIT 50", (f'name : "{name}"',))
            ),
            search,
        ),
        Case(
            f"F7 성명 한 글자 '{name[0]}' (성)",
            lambda: applicants.search_by_name(uow(), actor, name[0]),
            *(
                (
                    f"{f7} WHERE name >= {quote(name[0])} AND name < {quote(chr(ord(name[0]) + 1))} "
                    "ORDER BY name LIMIT 50",
                    (),
                )
                if b.postgres
                else (
                    f"{f7} WHERE name >= ? AND name < ? AND name LIKE ? ORDER BY name LIMIT 50",
                    (name[0], chr(ord(name[0]) + 1), name[0] + "%"),
                )
            ),
            search,
        ),
        Case(
            f"F7 전화 끝자리 '{tail}'",
            lambda: applicants.search_by_phone_suffix(uow(), actor, tail),
            *(
                (f"{f7} WHERE right(replace(replace(phone, '-', ''), ' ', ''), 4) = ? ORDER BY name LIMIT 50", (tail,))
                if b.postgres
                else (f"{f7} WHERE id IN ({fts}) ORDER BY name LIMIT 50", (f'phone : "{tail}$"',))
            ),
            search,
        ),
        Case(
            f"성명 일부 '{partial}' (민원 목록 검색)",
            lambda: list_petitions(uow(), actor, status="all", search=partial),
            *petitions_by_name(partial),
            search,
        ),
        Case(
            f"성명 '{name}' (민원 목록 검색)",
            lambda: list_petitions(uow(), actor, status="all", search=name),
            *petitions_by_name(name),
            search,
        ),
        Case(
            f"성명 한 글자 '{name[:1]}' (민원 목록 검색)",
            lambda: list_petitions(uow(), actor, status="all", search=name[:1]),
            f"SELECT {p_cols} {p_from} AND p.applicant_id IN (SELECT id FROM applicants WHERE name >= ? AND name < ? "
            "AND name LIKE ?) ORDER BY p.due_at, p.id LIMIT 500",
            (office, name[:1], chr(ord(name[0]) + 1), name[:1] + "%"),
            search,
        ),
        Case(
            f"성명 일부 '{partial}' (가족관계 신고 검색)",
            lambda: list_filings(uow(), actor, text=partial),
            *filings_by_name(partial),
            search,
        ),
        Case(
            f"성명 '{filing_name}' (가족관계 신고 검색)",
            lambda: list_filings(uow(), actor, text=filing_name),
            *filings_by_name(filing_name),
            search,
        ),
        Case(
            f"전화번호 끝자리 '{tail}' (민원 목록 검색)",
            lambda: list_petitions(uow(), actor, status="all", search=tail),
            *(
                (
                    f"SELECT {p_cols} {p_from} AND replace(replace(p.contact_phone, '-', ''), ' ', '') LIKE ? "
                    "ORDER BY p.due_at, p.id LIMIT 500",
                    (office, f"%{tail}%"),
                )
                if b.postgres
                else (
                    f"SELECT {p_cols} {p_from} AND p.id IN ({p_fts}) {p_order}",
                    (office, f'number : "{tail}" OR phone : "{tail}"'),
                )
            ),
            search,
        ),
        Case(
            f"민원 번호 일부 '{petition_part}' (민원 목록 검색)",
            lambda: list_petitions(uow(), actor, status="all", search=petition_part),
            *(
                (
                    f"SELECT {p_cols} {p_from} AND p.number LIKE ? ORDER BY p.due_at, p.id LIMIT 500",
                    (office, f"%{petition_part}%"),
                )
                if b.postgres
                else (
                    f"SELECT {p_cols} {p_from} AND p.id IN ({p_fts}) {p_order}",
                    (office, f'number : "{petition_part}"'),
                )
            ),
            search,
        ),
        Case(
            "영수증 번호",
            lambda: receipts.get_receipt(uow(), actor, number=receipt_number),
            "SELECT id, total FROM receipts WHERE office_id = ? AND number = ?",
            (office, receipt_number),
            search,
        ),
        Case(
            "민원 번호",
            lambda: list_petitions(uow(), actor, status="all", search=petition_number),
            f"SELECT {p_cols} {p_from} AND p.number = ?",
            (office, petition_number),
            search,
        ),
        Case(
            "가족관계 신고 번호",
            lambda: list_filings(uow(), actor, text=filing_number),
            "SELECT id FROM family_filings WHERE office_id = ? AND number = ?",
            (office, filing_number),
            search,
        ),
        Case(
            "여권 접수 번호",
            lambda: find_application(uow(), actor, number=passport_number),
            "SELECT id FROM passport_applications WHERE office_id = ? AND number = ?",
            (office, passport_number),
            search,
        ),
        Case(
            "가족관계 신고 목록 (기본)",
            lambda: list_filings(uow(), actor),
            "SELECT id, number FROM family_filings WHERE office_id = ? ORDER BY received_at DESC, id DESC LIMIT 500",
            (office,),
        ),
        Case(
            "가족관계 신고 목록 (출생)",
            lambda: list_filings(uow(), actor, kind="birth"),
            "SELECT id, number FROM family_filings WHERE office_id = ? AND kind = 'birth' "
            "ORDER BY received_at DESC, id DESC LIMIT 500",
            (office,),
        ),
        Case(
            "가족관계 신고 목록 (접수 상태)",
            lambda: list_filings(uow(), actor, status="received"),
            "SELECT id, number FROM family_filings WHERE office_id = ? AND status = 'received' "
            "ORDER BY received_at DESC, id DESC LIMIT 500",
            (office,),
        ),
        Case(
            "가족관계 신고 목록 (이번 달)",
            lambda: list_filings(uow(), actor, start=month_start, end=last_day),
            "SELECT id, number FROM family_filings WHERE office_id = ? AND filed_on >= ? AND filed_on <= ? "
            "ORDER BY received_at DESC, id DESC LIMIT 500",
            (office, b.day_value(month_start), b.day_value(last_day)),
        ),
        Case(
            "여권 목록",
            lambda: list_applications(uow(), actor),
            "SELECT id, number FROM passport_applications WHERE office_id = ? AND status <> 'delivered' "
            "ORDER BY received_at DESC, id DESC LIMIT 300",
            (office,),
        ),
        Case(
            "여권 미수령 목록",
            lambda: list_uncollected(uow(), actor),
            "SELECT p.id, a.name FROM passport_applications p JOIN applicants a ON a.id = p.applicant_id "
            "WHERE p.office_id = ? AND p.status = 'arrived' ORDER BY p.arrived_at",
            (office,),
        ),
        Case(
            "긴급여권 현황판",
            lambda: open_emergencies(uow(), actor),
            "SELECT id FROM passport_applications WHERE office_id = ? AND emergency = ? AND status <> 'delivered'",
            (office, True if b.postgres else 1),
        ),
        Case(
            "접속기록 조회 (하루)",
            lambda: audit.search(uow(), actor, start=last_day, end=last_day),
            "SELECT id FROM audit_log WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT 5000",
            (audit_from, audit_to),
        ),
        Case(
            "접속기록 조회 (한 달, 한 사람)",
            lambda: audit.search(uow(), actor, start=month_start, end=last_day, username="gen.clerk03"),
            "SELECT id FROM audit_log WHERE at >= ? AND at < ? AND username = ? ORDER BY at DESC, id DESC LIMIT 5000",
            (month_from, audit_to, "gen.clerk03"),
        ),
    ]


def run(url: str, key_file: Path, *, runs: int = 11, only: str = "") -> list[Result]:
    bench = Bench(url, key_file)
    results = []
    try:
        for case in cases(bench):
            if only and only not in case.name:
                continue
            value, samples = _time(case.call, runs)
            _, raw = _time(lambda c=case: bench.sql(c.sql, c.params), runs)
            p50, p95 = _percentiles(samples)
            r50, r95 = _percentiles(raw)
            rows = len(value) if isinstance(value, list | tuple) else 1
            result = Result(case.name, rows, p50, p95, r50, r95, case.target_ms)
            results.append(result)
            print(_line(result), flush=True)
    finally:
        bench.raw.close()
        bench.ctx.db.dispose()
    return results


def _line(r: Result) -> str:
    mark = "ok" if r.meets else "SLOW"
    return (
        f"| {r.name} | {r.rows} | {r.p50:.1f} | {r.p95:.1f} | {r.raw_p50:.1f} | {r.ratio:.1f}× | "
        f"< {r.target_ms:.0f} {mark} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screens")
    parser.add_argument("--db", required=True)
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args(argv)
    print(f"{platform.node()} · {platform.processor() or platform.machine()} · Python {platform.python_version()}")
    print("| 화면 | 행 | p50 ms | p95 ms | SQL p50 ms | 배율 | 목표 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    run(args.db, args.key_file, runs=args.runs, only=args.only)


if __name__ == "__main__":
    main()
