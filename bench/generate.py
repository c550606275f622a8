"""Fill a database with N years of an office's counter traffic: ``python -m bench.generate --years 10 --db URL``.

The proportions are the seed's (2021): about 91,000 certificates, 15,400 petitions, 10,200 family filings and
14,100 passport applications a year, 53,000 of the people new, a peak day of 2,105 receipts once a year, every
working day of the holiday calendar (weekends, public holidays) and nothing on the others, and the access-log
entries the services write for each of them (a receipt, a certificate, a look-up, a list shown, a sign-in).

Written in bulk, below the services but by the schema's rules: resident numbers encrypted with the database's
own key (``db.keys.open_cipher``) with their keyed hash, human numbers allocated per day or year with the
number counters set to the last one, deadlines from ``app.domain.deadlines``, and the access log hash-chained
exactly as ``db.auditchain`` does (``verify`` passes). SQLite goes through ``executemany``; PostgreSQL through
``COPY`` with its triggers (and so the server-time trigger of the access log) off for the load
(``session_replication_role = replica``; the bench runs as the owner). ``--scale 0.01`` makes a small database
with the same shape (a test uses it for 2010 to today); afterwards the statistics are gathered (``ANALYZE``).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from json.encoder import encode_basestring as _enc  # the C encoder json.dumps uses
from pathlib import Path
from typing import Any

from app.domain.calendar import is_working_day, seoul_today
from app.domain.identity import check_digit
from app.resources import load_data

# Per working day at scale 1 (2021: 91,010 certificates, 15,428 petitions, 10,198 filings, 14,081 passports over
# about 248 working days; 53,000 new applicants a year).
CERTIFICATES_PER_DAY = 367
PLAIN_RECEIPTS_PER_DAY = 20
PETITIONS_PER_DAY = 62
FILINGS_PER_DAY = 41
PASSPORTS_PER_DAY = 57
NEW_APPLICANT_SHARE = 0.41
# Reads the services log besides the writes (lists shown, searches, receipts looked at, sign-ins).
READS_PER_DAY = 1_050
PEAK_RECEIPTS = 2_105
BATCH = 20_000
# SQLite's limit of bound values in one statement (SQLITE_MAX_VARIABLE_NUMBER, 32,766 since 3.32)
SQLITE_VARIABLES = 32_000

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민진"
SYLLABLES = "민준서연도윤지우하은시아수현예주원영숙정희상철미경동혜진성재훈유빈채나윤호태석경수인혁선옥순자"
CERT_KINDS = (
    ("resident_copy", "주민등록표 등본", 400, 40),
    ("resident_abstract", "주민등록표 초본", 400, 25),
    ("family_relation", "가족관계증명서", 1000, 14),
    ("basic_certificate", "기본증명서", 1000, 8),
    ("seal_certificate", "인감증명서", 600, 9),
    ("signature_confirmation", "본인서명사실확인서", 600, 2),
    ("fact_certificate", "사실증명", 0, 2),
)
FAMILY_KINDS = (
    ("birth", "출생", 30),
    ("death", "사망", 18),
    ("marriage", "혼인", 20),
    ("divorce_consent", "협의이혼", 8),
    ("name_change", "개명", 6),
    ("adoption", "입양", 1),
    ("other", "기타 신고", 17),
)
PASSPORT_KINDS = (("복수", 10, 58, "복수여권 10년 58면", 50_000, 3), ("복수", 10, 26, "복수여권 10년 26면", 47_000, 1))
CLERKS = 12
DONGS = "보문동 안암동 정릉동 길음동 돈암동 종암동 월곡동 장위동 석관동".split()


@dataclass
class Summary:
    """What was written and how long it took."""

    start: date
    end: date
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, table: str, n: int = 1) -> None:
        self.counts[table] = self.counts.get(table, 0) + n


# --- the bulk writer -------------------------------------------------------------------------------------


class Sink:
    """Buffers rows per table and writes them in batches: ``executemany`` (SQLite) or ``COPY`` (PostgreSQL).

    Values are made in the form the database keeps (SQLite: UTC text ``YYYY-MM-DD HH:MM:SS.ffffff``, uuid as
    32 hex digits, booleans 0/1; PostgreSQL: aware datetimes, uuid as the same hex text), as SQLAlchemy's types
    would.
    """

    def __init__(self, engine: Any, summary: Summary) -> None:
        self.postgres = engine.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        self.dbapi = self.raw.driver_connection
        self.summary = summary
        self.columns: dict[str, tuple[str, ...]] = {}
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.order: list[str] = []
        self._bits = random.Random().getrandbits
        self.triggered: set[str] = set()
        cursor = self.dbapi.cursor()
        if self.postgres:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("SET idle_in_transaction_session_timeout = 0")
        else:
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-200000")
            # the tables with triggers of their own (the FTS5 indexes of 0017 and 0020), read before the load's
            # transaction begins (a read snapshot taken now would refuse the load's first write: SQLITE_BUSY)
            found = cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'").fetchall()
            self.triggered = {name for (name,) in found}
            cursor.execute("BEGIN")
        cursor.close()

    def ts(self, utc_naive: datetime | None) -> Any:
        if utc_naive is None:
            return None
        if self.postgres:
            return utc_naive.replace(tzinfo=UTC)
        return utc_naive.isoformat(" ", timespec="microseconds")

    def day(self, value: date | None) -> Any:
        if value is None or self.postgres:
            return value
        return value.isoformat()

    def uid(self) -> str:
        # 32 random hex digits: what SQLAlchemy's Uuid keeps on SQLite and what PostgreSQL's uuid reads; a
        # quarter of uuid4()'s cost, which counts over ten years of rows.
        return f"{self._bits(128):032x}"

    def flag(self, value: bool) -> Any:
        return value if self.postgres else int(value)

    def define(self, table: str, columns: Sequence[str]) -> None:
        self.columns[table] = tuple(columns)
        self.rows[table] = []
        self.order.append(table)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        rows = self.rows[table]
        rows.append(row)
        if len(rows) >= BATCH:
            self._write(table)

    def _write(self, table: str) -> None:
        rows = self.rows[table]
        if not rows:
            return
        columns = self.columns[table]
        names = ", ".join(columns)
        if self.postgres:
            with self.dbapi.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif table in self.triggered:
            # Many rows per statement: a table whose triggers feed an FTS5 index (names, numbers, phones) would
            # otherwise flush that index to disk at every row's statement (SQLite 3.40's FTS5 flushes at each
            # statement savepoint) and merge its segments over and over: 2016–2021 took a minute a year, 2022
            # did not end in 15 minutes. One statement per chunk is one flush per chunk.
            row_marks = "(" + ", ".join("?" * len(columns)) + ")"
            per = max(1, SQLITE_VARIABLES // len(columns))
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                values = ", ".join([row_marks] * len(chunk))
                flat = [value for row in chunk for value in row]
                self.dbapi.execute(f"INSERT INTO {table} ({names}) VALUES {values}", flat)
        else:
            marks = ", ".join("?" * len(columns))
            self.dbapi.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.summary.add(table, len(rows))
        self.rows[table] = []

    def flush(self) -> None:
        for table in self.order:  # parents first
            self._write(table)

    def commit(self) -> None:
        self.flush()
        self.dbapi.commit()
        if not self.postgres:
            self.dbapi.execute("BEGIN")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.dbapi.cursor()
        cursor.execute(sql.replace("?", "%s") if self.postgres else sql, tuple(params))
        try:
            return list(cursor.fetchall())
        except Exception:  # noqa: BLE001 - a statement without rows
            return []
        finally:
            cursor.close()

    def close(self) -> None:
        try:
            if self.postgres:
                self.dbapi.rollback()  # whatever a failed load left open
                with self.dbapi.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
                self.dbapi.commit()
        finally:
            self.raw.close()


# --- the office's traffic --------------------------------------------------------------------------------


def _weighted(options: Sequence[tuple[Any, ...]], weight_index: int) -> tuple[list[Any], list[int]]:
    return list(options), [int(o[weight_index]) for o in options]


class Generator:
    """One office's traffic, day by day; ``ids`` and number counters continue from what the database holds."""

    def __init__(self, sink: Sink, ctx: Any, rng: random.Random, scale: float, summary: Summary) -> None:
        self.sink, self.rng, self.scale, self.summary = sink, rng, scale, summary
        self.db = ctx.db
        self.pii = ctx.db.pii
        self.office_id = ctx.office.id
        self.terminals: list[int] = []
        self.staff: list[tuple[int, str]] = []
        self.terminal_codes: dict[int, str] = {}
        self.applicants: list[int] = []
        self.applicant_phone: dict[int, str] = {}
        self.used_rrn: set[str] = set()
        self.names: list[str] = [s + a + b for s in SURNAMES for a in SYLLABLES for b in SYLLABLES[::3]]
        types = [t for t in load_data("petitions")["types"] if not t.get("valid_to")]
        seen: set[str] = set()
        self.petition_types = [t for t in types if not (t["code"] in seen or seen.add(t["code"]))]
        self.departments = ["민원여권과", "위생과", "건축과", "부동산정보과", "세무1과", "교통행정과", "주택정책과"]
        self.next_id: dict[str, int] = {}
        self.counters: dict[tuple[str, str], int] = {}
        self.head_seq = 0
        self.head_hash = "0" * 64
        self._who: dict[tuple[tuple[int, str], str], str] = {}
        self._define_tables()

    # setup ---------------------------------------------------------------------------------------------

    def _define_tables(self) -> None:
        s = self.sink
        s.define(
            "applicants",
            (
                "id",
                "uuid",
                "name",
                "rrn_cipher",
                "rrn_hmac",
                "rrn_masked",
                "birth_date",
                "phone",
                "address",
                "created_at",
            ),
        )
        s.define(
            "receipts",
            (
                "id",
                "uuid",
                "office_id",
                "terminal_id",
                "clerk_id",
                "applicant_id",
                "number",
                "business_day",
                "issued_at",
                "total",
                "status",
                "void_reason",
                "voided_at",
                "voided_by",
                "corrects_id",
                "print_count",
            ),
        )
        s.define(
            "receipt_lines",
            (
                "id",
                "receipt_id",
                "position",
                "item_code",
                "description",
                "quantity",
                "unit_fee",
                "amount",
                "exemption",
                "fee_table",
            ),
        )
        s.define("payments", ("id", "receipt_id", "method", "amount", "paid_at", "received", "approval_no"))
        s.define(
            "certificate_issues",
            (
                "id",
                "uuid",
                "office_id",
                "terminal_id",
                "clerk_id",
                "applicant_id",
                "receipt_id",
                "channel",
                "issued_at",
                "total",
            ),
        )
        s.define(
            "certificate_issue_lines",
            (
                "id",
                "issue_id",
                "position",
                "kind_code",
                "kind_name",
                "copies",
                "unit_fee",
                "amount",
                "exemption_code",
                "exemption_label",
            ),
        )
        s.define(
            "petitions",
            (
                "id",
                "uuid",
                "office_id",
                "terminal_id",
                "clerk_id",
                "applicant_id",
                "number",
                "type_code",
                "type_name",
                "period",
                "department",
                "summary",
                "contact_phone",
                "status",
                "received_at",
                "original_due_at",
                "due_at",
                "extension_count",
                "decision",
                "decided_at",
                "decided_recorded_at",
                "decided_by",
                "decided_reason",
                "decision_reason",
                "late",
                "notified_at",
                "notice_method",
                "closed_at",
                "close_reason",
                "close_note",
                "updated_at",
            ),
        )
        s.define(
            "petition_events",
            ("id", "uuid", "petition_id", "at", "action", "from_status", "to_status", "note", "actor_id"),
        )
        s.define(
            "family_filings",
            (
                "id",
                "uuid",
                "office_id",
                "terminal_id",
                "clerk_id",
                "number",
                "kind",
                "kind_name",
                "status",
                "received_at",
                "filed_on",
                "event_date",
                "occurred_on",
                "subject_name",
                "subject_applicant_id",
                "filer_applicant_id",
                "filer_relation",
                "birth_order",
                "details",
                "deadline",
                "days_late",
                "estimated_fine",
                "fine_band",
                "after_demand",
                "paid_now",
                "assessment",
                "sms_consent",
                "sms_phone",
                "sms_consent_at",
                "receipt_id",
                "processed_at",
                "processed_by",
                "result_note",
            ),
        )
        s.define("family_filing_parties", ("id", "filing_id", "position", "role", "applicant_id", "name"))
        s.define(
            "petition_surveys",
            (
                "id",
                "uuid",
                "office_id",
                "petition_id",
                "queued_at",
                "sms_enqueued_at",
                "ars_due_at",
                "answered_at",
                "kindness",
                "satisfaction",
                "source",
                "recorded_by",
            ),
        )
        s.define(
            "passport_applications",
            (
                "id",
                "uuid",
                "office_id",
                "terminal_id",
                "clerk_id",
                "applicant_id",
                "number",
                "received_at",
                "kind",
                "validity_years",
                "pages",
                "label",
                "age",
                "reduced",
                "fee",
                "contribution",
                "total",
                "fee_table",
                "fee_verified",
                "receipt_id",
                "photo_checked",
                "documents_checked",
                "applying_in_person",
                "proxy_name",
                "proxy_relation",
                "sms_consent",
                "status",
                "reviewed_at",
                "produced_at",
                "arrived_at",
                "delivered_at",
                "delivered_by",
                "collector_name",
                "collector_relation",
                "id_checked",
                "emergency",
                "emergency_reason",
                "due_at",
                "destination_warned",
                "reduced_claim",
                "reduced_reason",
            ),
        )
        s.define(
            "audit_log",
            (
                "id",
                "at",
                "user_id",
                "username",
                "terminal",
                "action",
                "record_type",
                "record_id",
                "detail",
                "reason",
                "seq",
                "chain_hash",
            ),
        )

    def prepare(self) -> None:
        """Terminals and staff (through the services: password hashes), and where ids and the chain go on."""
        from app.services import auth
        from app.services.office import ensure_terminal

        for index in range(1, 11):
            self.terminals.append(ensure_terminal(self._uow(), office_id=self.office_id, code=f"gen-{index:02d}").id)
        with self._uow() as uow:
            from sqlalchemy import select

            from db.models import StaffUser, Terminal

            for terminal in uow.session.scalars(select(Terminal).where(Terminal.id.in_(self.terminals))):
                self.terminal_codes[terminal.id] = terminal.code
            existing = {u.username: u for u in uow.session.scalars(select(StaffUser))}
            wanted = [(f"gen.clerk{i:02d}", f"창구{i:02d}", "clerk") for i in range(1, CLERKS + 1)]
            wanted += [("gen.super", "정팀장", "supervisor"), ("gen.night", "박야간", "night")]
            password_hash = ""
            for username, display, role in wanted:
                user = existing.get(username)
                if user is None:
                    # One hash for all (the production hasher costs ~0.4 s a hash); each sign-in still checks it.
                    password_hash = password_hash or auth.hash_password("generated-pass-1")
                    user = StaffUser(
                        office_id=self.office_id,
                        username=username,
                        display_name=display,
                        role=role,
                        password_hash=password_hash,
                    )
                    uow.session.add(user)
                    uow.session.flush()
                self.staff.append((user.id, user.username))
            uow.commit()
        for table in (
            "applicants",
            "receipts",
            "receipt_lines",
            "payments",
            "certificate_issues",
            "certificate_issue_lines",
            "petitions",
            "petition_events",
            "petition_surveys",
            "family_filings",
            "family_filing_parties",
            "passport_applications",
            "audit_log",
        ):
            self.next_id[table] = int(self.sink.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]) + 1
        head = self.sink.execute("SELECT seq, hash FROM audit_chain WHERE id = 1")
        if head:
            self.head_seq, self.head_hash = int(head[0][0]), str(head[0][1])
        else:
            last = self.sink.execute("SELECT seq, chain_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC")
            if last:
                self.head_seq, self.head_hash = int(last[0][0]), str(last[0][1])
        for series, period, value in self.sink.execute("SELECT series, period, last FROM number_counters"):
            self.counters[(series, period)] = int(value)
        self.applicants = [int(r[0]) for r in self.sink.execute("SELECT id FROM applicants")]

    def _uow(self) -> Any:
        return self.db.uow()

    # helpers -------------------------------------------------------------------------------------------

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _number(self, series: str, period: str) -> int:
        key = (series, period)
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return value

    def _count(self, per_day: float) -> int:
        expected = per_day * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    def audit(
        self,
        at: datetime,
        user: tuple[int, str],
        terminal: str,
        action: str,
        record_type: str = "",
        record_id: str = "",
        detail: str = "",
        reason: str = "",
    ) -> None:
        """One chained access-log entry, hashed as ``db.auditchain.link`` does (``at`` is naive UTC).

        The canonical text is ``json.dumps`` of the entry's fields (compact, not ASCII-escaped), built here from
        the same C string encoder that ``json.dumps`` uses, a third of its cost for ten years of entries."""
        seq = self.head_seq + 1
        iso = at.isoformat(timespec="microseconds")
        who = self._who.get((user, terminal))
        if who is None:
            who = self._who[(user, terminal)] = f"{user[0]},{_enc(user[1])},{_enc(terminal)}"
        canonical = (
            f'[{seq},"{iso}+00:00",{who},{_enc(action)},{_enc(record_type)},{_enc(record_id)},{_enc(detail)},'
            f"{_enc(reason)}]"
        )
        digest = sha256(f"{self.head_hash}\n{canonical}".encode()).hexdigest()
        self.head_seq, self.head_hash = seq, digest
        stored = at.replace(tzinfo=UTC) if self.sink.postgres else iso.replace("T", " ")
        value = self.next_id["audit_log"]
        self.next_id["audit_log"] = value + 1
        self.sink.add(
            "audit_log",
            (value, stored, user[0], user[1], terminal, action, record_type, record_id, detail, reason, seq, digest),
        )

    def _rrn(self, born: date) -> str:
        rng = self.rng
        while True:
            century = 1 if born.year < 2000 else 3
            first12 = f"{born:%y%m%d}{century + rng.randrange(2)}{rng.randrange(100000):05d}"
            digits = first12 + str(check_digit(first12))
            if digits not in self.used_rrn:
                self.used_rrn.add(digits)
                return digits

    def applicant(self, at: datetime, user: tuple[int, str], terminal: str, *, new: bool | None = None) -> int:
        """A person at the counter: someone seen before, or a new applicant (encrypted number, keyed hash)."""
        rng = self.rng
        if self.applicants and not (new if new is not None else rng.random() < NEW_APPLICANT_SHARE):
            applicant_id = self.applicants[int(len(self.applicants) * rng.random() ** 0.7)]
            self.audit(at, user, terminal, "applicant.read", "applicant", str(applicant_id))
            return applicant_id
        born = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 85))
        if born >= at.date():
            born = at.date() - timedelta(days=365 * 20)
        digits = self._rrn(born)
        applicant_id = self._id("applicants")
        phone = f"010-{rng.randrange(2000, 9999)}-{rng.randrange(10000):04d}"
        self.sink.add(
            "applicants",
            (
                applicant_id,
                self.sink.uid(),
                rng.choice(self.names),
                self.pii.encrypt(digits),
                self.pii.lookup_hash(digits),
                f"{digits[:6]}-{digits[6]}******",
                self.sink.day(born),
                phone,
                f"서울특별시 성북구 {rng.choice(DONGS)} {rng.randrange(1, 999)}",
                self.sink.ts(at),
            ),
        )
        self.applicants.append(applicant_id)
        self.applicant_phone[applicant_id] = phone
        self.audit(at, user, terminal, "applicant.create", "applicant", str(applicant_id))
        return applicant_id

    def receipt(
        self,
        day: date,
        at: datetime,
        user: tuple[int, str],
        terminal_id: int,
        applicant_id: int | None,
        lines: Iterable[tuple[str, str, int, int, str]],
    ) -> tuple[int, str, int]:
        """A receipt with its lines and payment (number ``YYYYMMDD-NNNN`` of the day); (id, number, total)."""
        rng, sink = self.rng, self.sink
        receipt_id = self._id("receipts")
        number = f"{day:%Y%m%d}-{self._number('receipt', f'{day:%Y%m%d}'):04d}"
        total = 0
        for position, (code, description, quantity, unit_fee, fee_table) in enumerate(lines):
            amount = quantity * unit_fee
            total += amount
            sink.add(
                "receipt_lines",
                (
                    self._id("receipt_lines"),
                    receipt_id,
                    position,
                    code,
                    description,
                    quantity,
                    unit_fee,
                    amount,
                    "" if unit_fee else "수수료 면제",
                    fee_table,
                ),
            )
        voided = rng.random() < 0.006
        sink.add(
            "receipts",
            (
                receipt_id,
                sink.uid(),
                self.office_id,
                terminal_id,
                user[0],
                applicant_id,
                number,
                sink.day(day),
                sink.ts(at),
                total,
                "voided" if voided else "issued",
                "발급 착오" if voided else "",
                sink.ts(at + timedelta(minutes=3)) if voided else None,
                user[0] if voided else None,
                None,
                1 + (rng.random() < 0.02),
            ),
        )
        method = "면제" if total == 0 else ("현금" if rng.random() < 0.55 else "카드")
        received = (total + rng.choice((0, 0, 1000, 5000, 10000)) - total % 1000) if method == "현금" else None
        if received is not None and received < total:
            received = total
        sink.add(
            "payments",
            (
                self._id("payments"),
                receipt_id,
                method,
                total,
                sink.ts(at),
                received,
                f"{rng.randrange(10**8):08d}" if method == "카드" else "",
            ),
        )
        terminal = self.terminal_codes[terminal_id]
        self.audit(at, user, terminal, "receipt.issue", "receipt", number, f"{total}원 {method}")
        if voided:
            self.audit(at + timedelta(minutes=3), user, terminal, "receipt.void", "receipt", number, reason="발급 착오")
        return receipt_id, number, total

    # one working day -----------------------------------------------------------------------------------

    def day(self, day: date, *, peak: bool) -> None:
        rng = self.rng
        factor = (1.25, 1.05, 1.0, 0.95, 1.1)[day.weekday()] * rng.uniform(0.85, 1.15)
        moments: list[tuple[datetime, str]] = []

        def spread(kind: str, count: int) -> None:
            for _ in range(count):
                minute = rng.randrange(0, 480)
                local = datetime(day.year, day.month, day.day, 9) + timedelta(
                    minutes=minute + (60 if minute >= 180 else 0)
                )
                moments.append((local - timedelta(hours=9, seconds=-rng.randrange(60)), kind))  # naive UTC

        petitions = self._count(PETITIONS_PER_DAY * factor)
        filings = self._count(FILINGS_PER_DAY * factor)
        passports = self._count(PASSPORTS_PER_DAY * factor)
        plain = self._count(PLAIN_RECEIPTS_PER_DAY * factor)
        certificates = self._count(CERTIFICATES_PER_DAY * factor)
        if peak:
            certificates = max(certificates, int(PEAK_RECEIPTS * self.scale) - passports - plain)
        for kind, count in (
            ("cert", certificates),
            ("plain", plain),
            ("petition", petitions),
            ("family", filings),
            ("passport", passports),
            ("read", self._count(READS_PER_DAY * factor)),
        ):
            spread(kind, count)
        moments.sort()
        users = self.staff[:CLERKS]
        for user in users:
            self.audit(
                datetime(day.year, day.month, day.day, 8, 50) - timedelta(hours=9, seconds=-rng.randrange(600)),
                user,
                self.terminal_codes[self.terminals[users.index(user) % len(self.terminals)]],
                "auth.sign_in",
            )
        handlers: dict[str, Callable[[date, datetime, tuple[int, str], int], None]] = {
            "cert": self.certificate,
            "plain": self.plain_receipt,
            "petition": self.petition,
            "family": self.filing,
            "passport": self.passport,
            "read": self.read,
        }
        for at, kind in moments:
            index = rng.randrange(CLERKS)
            handlers[kind](day, at, users[index], self.terminals[index % len(self.terminals)])
        self._passport_steps(day)

    def certificate(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        rng, sink = self.rng, self.sink
        terminal = self.terminal_codes[terminal_id]
        applicant_id = self.applicant(at, user, terminal)
        kinds, weights = _weighted(CERT_KINDS, 3)
        chosen = rng.choices(kinds, weights, k=1 + (rng.random() < 0.15))
        exempt = rng.random() < 0.08
        lines = [
            (code, name, 1 + (rng.random() < 0.2), 0 if exempt else fee, "certificates.toml 2022-01-01")
            for code, name, fee, _ in chosen
        ]
        receipt_id, number, total = self.receipt(day, at, user, terminal_id, applicant_id, lines)
        issue_id = self._id("certificate_issues")
        sink.add(
            "certificate_issues",
            (
                issue_id,
                sink.uid(),
                self.office_id,
                terminal_id,
                user[0],
                applicant_id,
                receipt_id,
                "counter",
                sink.ts(at),
                total,
            ),
        )
        for position, (code, name, copies, fee, _) in enumerate(lines):
            sink.add(
                "certificate_issue_lines",
                (
                    self._id("certificate_issue_lines"),
                    issue_id,
                    position,
                    code,
                    name,
                    copies,
                    fee,
                    copies * fee,
                    "basic_livelihood" if exempt else "",
                    "기초생활수급자" if exempt else "",
                ),
            )
        summary = ", ".join(f"{name} {copies}부" for _, name, copies, _, _ in lines)
        self.audit(
            at, user, terminal, "certificate.issue", "applicant", str(applicant_id), f"영수증 {number}: {summary}"
        )

    def plain_receipt(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        applicant_id = self.applicant(at, user, self.terminal_codes[terminal_id])
        fee = self.rng.choice((1000, 2000, 3000, 5500))
        self.receipt(day, at, user, terminal_id, applicant_id, [("misc_fee", "기타 수수료", 1, fee, "")])

    def petition(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        from app.domain.deadlines import due_at

        rng, sink = self.rng, self.sink
        terminal = self.terminal_codes[terminal_id]
        applicant_id = self.applicant(at, user, terminal)
        kind = rng.choice(self.petition_types)
        department = kind["department"] if kind["department"] != "소관부서" else rng.choice(self.departments)
        received = at.replace(tzinfo=UTC)
        due = due_at(received, kind["period"]).astimezone(UTC).replace(tzinfo=None)
        petition_id = self._id("petitions")
        number = f"민원-{day:%Y%m%d}-{self._number('petition', f'{day:%Y%m%d}'):04d}"
        now = self.until
        # Most are decided within the period and notified; a few late; a very few never finished (the ones a
        # ten-year list still shows as open and long overdue); the last weeks' ones still open.
        fate = rng.random()
        status, decided, notified, closed, late = "received", None, None, None, False
        if fate < 0.004:
            status = rng.choice(("received", "processing"))
        else:
            finish = at + (due - at) * rng.uniform(0.1, 0.95 if fate > 0.06 else 1.6)
            late = finish > due
            if finish < now:
                status, decided = "decided", finish
                notify = finish + timedelta(hours=rng.uniform(1, 30))
                if notify < now:
                    status, notified = "notified", notify
                    if rng.random() < 0.03:
                        status, closed = "closed", notify
            else:
                status = "processing" if rng.random() < 0.6 else "received"
                late = False
        phone = self.applicant_phone.get(applicant_id, f"010-{rng.randrange(2000, 9999)}-{rng.randrange(10000):04d}")
        last = closed or notified or decided or at
        sink.add(
            "petitions",
            (
                petition_id,
                sink.uid(),
                self.office_id,
                terminal_id,
                user[0],
                applicant_id,
                number,
                kind["code"],
                kind["name"],
                kind["period"],
                department,
                "민원 요지",
                phone,
                status,
                sink.ts(at),
                sink.ts(due),
                sink.ts(due),
                0,
                "인용" if decided else "",
                sink.ts(decided),
                sink.ts(decided),
                user[0] if decided else None,
                "",
                "요건 충족" if decided else "",
                sink.flag(late),
                sink.ts(notified),
                ("통지" if rng.random() < 0.7 else "교부") if notified else "",
                sink.ts(closed),
                "not_collected" if closed else "",
                "",
                sink.ts(last),
            ),
        )
        if decided:
            self._survey(petition_id, decided, user)
        events = [("intake", "", "received", at)]
        if decided:
            events.append(("decide", "received", "decided", decided))
        if notified:
            events.append(("notify", "decided", "notified", notified))
        if closed:
            events.append(("close", "notified", "closed", closed))
        for action, before, after, moment in events:
            sink.add(
                "petition_events",
                (
                    self._id("petition_events"),
                    sink.uid(),
                    petition_id,
                    sink.ts(moment),
                    action,
                    before,
                    after,
                    "",
                    user[0],
                ),
            )
        local_due = due + timedelta(hours=9)
        self.audit(
            at,
            user,
            terminal,
            "petition.intake",
            "petition",
            number,
            f"{kind['name']} · {department} · 기한 {local_due:%Y-%m-%d %H:%M}",
        )
        for action, _, _, moment in events[1:]:
            if moment <= now:
                self.pending.append((moment, user, terminal, f"petition.{action}", "petition", number, ""))

    def _survey(self, petition_id: int, decided: datetime, user: tuple[int, str]) -> None:
        """The satisfaction survey of a decided petition: the SMS at once, the ARS call 5 minutes later; about
        55 % answer within two days (mostly 4–5, as the office's 2021 survey), the answers recorded by hand."""
        rng, sink = self.rng, self.sink
        answered = decided + timedelta(hours=rng.uniform(0.1, 48)) if rng.random() < 0.55 else None
        if answered is not None and answered > self.until:
            answered = None
        scores = (5, 5, 5, 4, 4, 4, 3, 2, 1)
        sink.add(
            "petition_surveys",
            (
                self._id("petition_surveys"),
                sink.uid(),
                self.office_id,
                petition_id,
                sink.ts(decided),
                sink.ts(decided),
                sink.ts(decided + timedelta(minutes=5)),
                sink.ts(answered),
                rng.choice(scores) if answered else None,
                rng.choice(scores) if answered else None,
                "hand" if answered else "",
                user[0] if answered else None,
            ),
        )

    def filing(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        rng, sink = self.rng, self.sink
        terminal = self.terminal_codes[terminal_id]
        kinds, weights = _weighted(FAMILY_KINDS, 2)
        code, name, _ = rng.choices(kinds, weights)[0]
        filer = self.applicant(at, user, terminal)
        subject = None if code == "birth" else self.applicant(at, user, terminal)
        event = day - timedelta(days=rng.randrange(1, 40))
        period_days = 30 if code in ("birth", "death") else 0
        deadline = event + timedelta(days=period_days) if period_days else None
        days_late = max(0, (day - deadline).days) if deadline else 0
        filing_id = self._id("family_filings")
        year = day.year
        number = f"가족-{year}-{self._number('family', str(year)):06d}"
        processed = at + timedelta(hours=rng.uniform(0.5, 20))
        done = processed < self.until
        subject_name = rng.choice(self.names)
        sink.add(
            "family_filings",
            (
                filing_id,
                sink.uid(),
                self.office_id,
                terminal_id,
                user[0],
                number,
                code,
                name,
                "processed" if done else "received",
                sink.ts(at),
                sink.day(day),
                sink.day(event),
                sink.day(event) if code == "death" else None,
                subject_name,
                subject,
                filer,
                "본인" if subject else "부",
                1 if code == "birth" else None,
                json.dumps({}) if not sink.postgres else json.dumps({}),
                sink.day(deadline),
                days_late,
                0 if not days_late else 10_000 + 1_000 * min(days_late, 50),
                "" if not days_late else "신고기간 경과",
                sink.flag(False),
                sink.flag(False),
                "",
                sink.flag(rng.random() < 0.3),
                "",
                None,
                None,
                sink.ts(processed) if done else None,
                user[0] if done else None,
                "",
            ),
        )
        parties = [("신고인", filer, rng.choice(self.names))]
        if subject:
            parties.append(("사건본인", subject, subject_name))
        if code in ("marriage", "divorce_consent"):
            parties += [("증인 1", None, rng.choice(self.names)), ("증인 2", None, rng.choice(self.names))]
        for position, (role, applicant_id, party_name) in enumerate(parties):
            sink.add(
                "family_filing_parties",
                (self._id("family_filing_parties"), filing_id, position, role, applicant_id, party_name),
            )
        self.audit(at, user, terminal, "family.file", "family_filing", number, f"{name} 신고")
        if done:
            self.pending.append((processed, user, terminal, "family.process", "family_filing", number, ""))

    def passport(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        rng, sink = self.rng, self.sink
        terminal = self.terminal_codes[terminal_id]
        applicant_id = self.applicant(at, user, terminal)
        kinds, weights = _weighted(PASSPORT_KINDS, 5)
        kind, years, pages, label, fee, _ = rng.choices(kinds, weights)[0]
        receipt_id, receipt_number, _ = self.receipt(
            day,
            at,
            user,
            terminal_id,
            applicant_id,
            [("passport_fee", f"여권 발급수수료 ({label})", 1, fee, "passport_fees.toml")],
        )
        application_id = self._id("passport_applications")
        emergency = rng.random() < 0.01  # 긴급여권: made the same day
        number = f"P{day:%Y%m%d}-{self._number('passport', f'{day:%Y%m%d}'):04d}"
        reviewed = at + timedelta(hours=rng.uniform(1, 6))
        produced = reviewed + timedelta(days=rng.uniform(2, 5))
        arrived = produced + timedelta(days=rng.uniform(1, 3))
        # Nearly all are collected within weeks; about 1 % never (the uncollected list of old passports).
        delivered = None if rng.random() < 0.012 else arrived + timedelta(days=rng.expovariate(1 / 6))
        steps = [("review", reviewed), ("production", produced), ("arrived", arrived)]
        if delivered:
            steps.append(("delivered", delivered))
        status = "received"
        values: dict[str, datetime | None] = {"review": None, "production": None, "arrived": None, "delivered": None}
        for step, moment in steps:
            if moment < self.until:
                status, values[step] = step, moment
        sink.add(
            "passport_applications",
            (
                application_id,
                sink.uid(),
                self.office_id,
                terminal_id,
                user[0],
                applicant_id,
                number,
                sink.ts(at),
                kind,
                years,
                pages,
                label,
                rng.randrange(18, 80),
                sink.flag(False),
                fee - 15_000,
                15_000,
                fee,
                "passport_fees.toml",
                sink.flag(True),
                receipt_id,
                sink.flag(True),
                "photo,id",
                sink.flag(True),
                "",
                "",
                sink.flag(rng.random() < 0.6),
                status,
                sink.ts(values["review"]),
                sink.ts(values["production"]),
                sink.ts(values["arrived"]),
                sink.ts(values["delivered"]),
                user[0] if values["delivered"] else None,
                "" if not values["delivered"] else "본인",
                "" if not values["delivered"] else "본인",
                sink.flag(bool(values["delivered"])),
                sink.flag(emergency),
                "친족 위독" if emergency else "",
                sink.ts(at + timedelta(hours=3)) if emergency else None,
                sink.flag(False),
                "",
                "",
            ),
        )
        self.audit(
            at,
            user,
            terminal,
            "passport.intake",
            "passport_application",
            number,
            f"{label} {fee}원 (영수증 {receipt_number}, passport_fees.toml)",
        )
        for step, moment in steps:
            if values[step] is not None:
                self.pending.append((moment, user, terminal, f"passport.{step}", "passport_application", number, ""))

    def read(self, day: date, at: datetime, user: tuple[int, str], terminal_id: int) -> None:
        rng = self.rng
        terminal = self.terminal_codes[terminal_id]
        roll = rng.random()
        if roll < 0.45:
            self.audit(at, user, terminal, "petition.list", "petition", "", f"open {rng.randrange(5, 60)}건")
        elif roll < 0.65:
            self.audit(at, user, terminal, "receipt.list", "receipt", "", f"{day} {rng.randrange(10, 400)}건")
        elif roll < 0.8:
            self.audit(at, user, terminal, "applicant.search", "applicant", "", f"성명 '{rng.choice(SURNAMES)}' 검색")
        elif roll < 0.9 and self.applicants:
            self.audit(at, user, terminal, "applicant.read", "applicant", str(rng.choice(self.applicants)))
        else:
            self.audit(at, user, terminal, "passport.list", "passport_application", "", f"{rng.randrange(10, 300)}건")

    def _passport_steps(self, day: date) -> None:
        """Later steps (decisions, filings processed, passports moving on) logged on the day they happen."""
        end = datetime(day.year, day.month, day.day) + timedelta(hours=15)  # 24:00 Seoul in UTC
        due = [p for p in self.pending if p[0] < end]
        self.pending = [p for p in self.pending if p[0] >= end]
        for moment, user, terminal, action, record_type, record_id, detail in sorted(due, key=lambda p: p[0]):
            self.audit(moment, user, terminal, action, record_type, record_id, detail)

    # the whole run --------------------------------------------------------------------------------------

    def run(self, start: date, end: date, progress: Callable[[str], None]) -> None:
        self.pending: list[tuple[datetime, tuple[int, str], str, str, str, str, str]] = []
        self.until = datetime.now(UTC).replace(tzinfo=None)
        peaks = {self._peak_day(year) for year in range(start.year, end.year + 1)}
        day = start
        last_year = None
        while day <= end:
            if is_working_day(day):
                self.day(day, peak=day in peaks)
            if day.year != last_year or day == end:
                last_year = day.year
                self.sink.commit()
                progress(f"{day:%Y-%m-%d}: {sum(self.summary.counts.values()):,} rows")
            day += timedelta(days=1)
        self._passport_steps(end + timedelta(days=3650))
        self.finish()

    @staticmethod
    def _peak_day(year: int) -> date:
        """The year's busiest day: the last working day of February (school entry, before 3·1절)."""
        day = date(year, 3, 1) - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        return day

    def finish(self) -> None:
        sink = self.sink
        sink.flush()
        for (series, period), value in self.counters.items():
            if sink.postgres:
                sink.execute(
                    "INSERT INTO number_counters (office_id, series, period, last) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (office_id, series, period) DO UPDATE SET last = EXCLUDED.last",
                    (self.office_id, series, period, value),
                )
            else:
                sink.execute(
                    "INSERT OR REPLACE INTO number_counters (office_id, series, period, last) VALUES (?, ?, ?, ?)",
                    (self.office_id, series, period, value),
                )
        if sink.execute("SELECT id FROM audit_chain WHERE id = 1"):
            sink.execute("UPDATE audit_chain SET seq = ?, hash = ? WHERE id = 1", (self.head_seq, self.head_hash))
        else:
            sink.execute(
                "INSERT INTO audit_chain (id, seq, hash, cut_seq, cut_hash) VALUES (1, ?, ?, 0, ?)",
                (self.head_seq, self.head_hash, "0" * 64),
            )
        if sink.postgres:
            for table in self.next_id:
                sink.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
        sink.commit()


def generate(
    url: str,
    *,
    years: float = 10,
    scale: float = 1.0,
    start: date | None = None,
    end: date | None = None,
    key_file: Path | None = None,
    seed: int = 1,
    progress: Callable[[str], None] = lambda _: None,
) -> Summary:
    """Fill the database at ``url`` (migrated here when needed) with ``years`` of traffic ending ``end``
    (default today), or from ``start``; ``key_file``: the resident-number key (made when new)."""
    from app.bootstrap import build_context
    from app.settings import Settings
    from db.engine import make_engine, migrate

    end = end or seoul_today()
    start = start or end - timedelta(days=round(365.25 * years))
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    key_file = key_file or Path(tempfile.gettempdir()) / "minwon-bench.key"
    ctx = build_context(Settings(values={"key_file": str(key_file)}), db_url=url)
    summary = Summary(start=start, end=end)
    began = time.perf_counter()
    sink = Sink(ctx.db.engine, summary)
    try:
        generator = Generator(sink, ctx, random.Random(seed), scale, summary)
        generator.prepare()
        generator.run(start, end, progress)
    finally:
        sink.close()
    _gather_statistics(url, ctx.db.engine)
    summary.seconds = time.perf_counter() - began
    ctx.db.dispose()
    return summary


# The final ANALYZE of ten years takes minutes on PostgreSQL. The counter's engine gives every statement
# ``statement_s`` + ``reply_grace_s`` (13 s) before its watchdog closes the link (``db.engine``), whatever
# ``statement_timeout`` the statement sets for itself: the 2026-12-02 evening run lost its link there.
STATISTICS_LIMIT_S = 3600


def _gather_statistics(url: str, engine: Any) -> None:
    """``db.engine.analyze`` on an engine of its own whose limits allow an hour (PostgreSQL), else ``engine``."""
    from db.engine import NetworkLimits, analyze, make_engine

    if engine.dialect.name == "sqlite":
        analyze(engine)
        return
    long = make_engine(url, limits=NetworkLimits(statement_s=STATISTICS_LIMIT_S))
    try:
        analyze(long)
    finally:
        long.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file path")
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--scale", type=float, default=1.0, help="volume factor (1 = the seed's office)")
    parser.add_argument("--start", type=date.fromisoformat, help="first day (instead of --years)")
    parser.add_argument("--end", type=date.fromisoformat, help="last day (default today)")
    parser.add_argument("--key-file", type=Path, help="resident-number key file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    summary = generate(
        args.db,
        years=args.years,
        scale=args.scale,
        start=args.start,
        end=args.end,
        key_file=args.key_file,
        seed=args.seed,
        progress=lambda line: print(line, flush=True),
    )
    print(f"{summary.start} – {summary.end} in {summary.seconds:.0f} s")
    for table, count in sorted(summary.counts.items()):
        print(f"  {table:<26} {count:>10,}")


if __name__ == "__main__":
    main()
