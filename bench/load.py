"""Thirty counters on one PostgreSQL server: ``python -m bench.load --db URL [--counters 30] [--minutes 10]``.

Each counter is its own process with its own engine (as a counter PC is), signed in as its own clerk, and
works through a realistic mix at a given pace: certificates (등·초본) for people of whom half are shared by
all counters (so two counters register and serve the same person), plain receipts, petitions and their steps,
family filings (사망 신고) and their results (처리완료/불수리), passports (intake with its receipt, the steps to
arrival, delivery), F7 look-ups by number and by name, and voids by supervisors (two supervisors race for the
same receipt on purpose). The steps, results and deliveries are taken on the same few most recent records by
every counter, so they race. At the end the database is checked: no error at any counter, no duplicate or
missing receipt, filing or application number, no duplicate applicant, no receipt voided twice, no filing
with two results, no passport step or delivery recorded twice, and every step a counter was told it made is in
the access log once. Prints the p50/p95 of a certificate issue and the throughput.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

# The office's peak: about 2,100 transactions in a working day of 8 hours at 30 counters is one every
# ~4 minutes per counter on average; the run goes well beyond that (``--pace`` seconds between actions).
DEFAULT_PACE_S = 0.5


# The mix of a counter's actions (share of all actions). Steps, results and deliveries work on the same few
# most recent records at every counter, so they race on purpose.
MIX: tuple[tuple[str, float], ...] = (
    ("certificate", 0.45),  # 등·초본 with its receipt, the applicant found or registered
    ("receipt", 0.08),
    ("filing", 0.05),  # 사망 신고
    ("filing_result", 0.03),  # 처리완료 / 불수리
    ("passport", 0.05),  # intake with its receipt
    ("passport_step", 0.04),  # 심사 → 제작 → 도착, then 교부
    ("petition", 0.03),
    ("petition_step", 0.04),
    ("lookup", 0.13),  # F7 by resident number
    ("name_search", 0.10),
)


def _pick(roll: float) -> str:
    for what, share in MIX:
        if roll < share:
            return what
        roll -= share
    return MIX[-1][0]


def _people(seed: int, count: int) -> list[tuple[str, str]]:
    from app.services.demo import random_rrn

    rng = random.Random(seed)
    surnames, given = "김이박최정강조윤장임", ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지우"]
    return [(rng.choice(surnames) + rng.choice(given), random_rrn(rng)) for _ in range(count)]


def _counter(
    index: int, url: str, key_file: str, fields: tuple[Any, ...], deadline: float, pace: float, out: Any
) -> None:
    from app.services import applicants, certificates, petitions, receipts
    from app.services.actor import Actor
    from app.services.errors import ServiceError
    from app.views.certificates import CertificateLine
    from db.engine import make_engine
    from db.errors import BUSY, TIMEOUT, classify
    from db.pii import PiiCipher, load_or_create_key
    from db.uow import Database

    database = Database(make_engine(url), pii=PiiCipher(load_or_create_key(Path(key_file))))
    actor = Actor(*fields)
    rng = random.Random(index)
    shared = _people(1, 200)
    own = _people(1000 + index, 200)
    stats: dict[str, Any] = {"issue_ms": [], "errors": [], "refusals": 0, "actions": 0}
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        what = _pick(rng.random())
        name, number = rng.choice(shared if rng.random() < 0.5 else own)
        try:
            if what == "certificate":
                certificates.issue_certificates(
                    database.uow(),
                    actor,
                    applicant_name=name,
                    resident_number=number,
                    lines=[CertificateLine("등본", rng.choice((1, 1, 2)))],
                    payment_method=rng.choice(("현금", "카드")),
                    client_uuid=uuid.uuid4(),
                )
                stats["issue_ms"].append((time.perf_counter() - started) * 1000)
            elif what == "receipt":
                receipts.issue_receipt(database.uow(), actor, lines=[line], payment_method="현금")
            elif what == "filing":
                _file_death(database, actor, rng, shared, own, stats)
            elif what == "filing_result":
                _family_result(database, actor, rng, stats)
            elif what == "passport":
                _passport_intake(database, actor, name, number, stats)
            elif what == "passport_step":
                _passport_step(database, actor, rng, stats)
            elif what == "petition":
                petitions.intake_petition(
                    database.uow(),
                    actor,
                    type_code="question_procedure",
                    applicant_name=name,
                    resident_number=number,
                    department="건축과",
                    client_uuid=uuid.uuid4(),
                )
            elif what == "petition_step":
                # Every counter works on the same few recent petitions, so their steps race.
                _petition_step(database, actor, rng, stats)
            elif what == "lookup":
                applicants.find_by_resident_number(database.uow(), actor, number)
            else:
                applicants.search_by_name(database.uow(), actor, name[:2])
        except ServiceError:
            stats["refusals"] += 1
            _count(stats.setdefault("refused", {}), what)
        except Exception as exc:  # noqa: BLE001 - every other failure counts against the run
            # A server that did not answer in time is the clerk's clear message (a retry goes through), not a
            # bug; it is counted apart, and still fails the run.
            found = classify(exc)
            kind = "timeouts" if found is not None and found.kind in (TIMEOUT, BUSY) else "errors"
            stats.setdefault(kind, []).append(f"{what}: {exc.__class__.__name__}: {exc}"[:300])
        stats["actions"] += 1
        time.sleep(rng.uniform(0, 2 * pace))
    database.dispose()
    out.put(stats)


def _petition_step(database: Any, actor: Any, rng: random.Random, stats: dict[str, Any]) -> None:
    import sqlalchemy as sa

    from app.services import petitions
    from db.models_petitions import Petition

    with database.uow() as uow:
        recent = uow.session.execute(
            sa.select(Petition.id, Petition.status)
            .where(Petition.status.in_(("received", "processing")))
            .order_by(Petition.id.desc())
            .limit(3)
        ).all()
    if not recent:
        return
    petition_id, status = rng.choice(recent)
    if status == "received":
        petitions.start_processing(database.uow(), actor, petition_id=petition_id, client_uuid=uuid.uuid4())
    else:
        petitions.decide_petition(
            database.uow(), actor, petition_id=petition_id, decision="인용", client_uuid=uuid.uuid4()
        )
    stats["steps"] = stats.get("steps", 0) + 1


def _count(stats: dict[str, Any], key: str) -> None:
    stats[key] = stats.get(key, 0) + 1


def _file_death(
    database: Any,
    actor: Any,
    rng: random.Random,
    shared: list[tuple[str, str]],
    own: list[tuple[str, str]],
    stats: dict[str, Any],
) -> None:
    """A 사망 신고 (with its filing number), the deceased and the filer among the people of the run."""
    from datetime import timedelta

    from app.domain.calendar import seoul_today
    from app.services import family

    (deceased, deceased_rrn), (filer, filer_rrn) = rng.sample(shared if rng.random() < 0.5 else own, 2)
    today = seoul_today()
    data = family.FilingInput(
        kind="death",
        event_date=today - timedelta(days=2),
        persons={"deceased": family.PersonInput(deceased, deceased_rrn)},
        filer_relation="cohabiting_relative",
        filer=family.PersonInput(filer, filer_rrn, phone="010-2222-3333"),
        details={"death_date": today - timedelta(days=3), "death_place": "자택", "proof": "진단서"},
        sms_consent=True,
        sms_phone="010-2222-3333",
    )
    family.file_filing(database.uow(), actor, data, client_uuid=uuid.uuid4())
    _count(stats, "filings")


def _family_result(database: Any, actor: Any, rng: random.Random, stats: dict[str, Any]) -> None:
    """처리완료 or 불수리 of one of the three most recent filings not yet processed: counters race for them."""
    import sqlalchemy as sa

    from app.services import family
    from db.models_family import FamilyFiling

    with database.uow() as uow:
        recent = uow.session.scalars(
            sa.select(FamilyFiling.id)
            .where(FamilyFiling.status == "received")
            .order_by(FamilyFiling.id.desc())
            .limit(3)
        ).all()
    if not recent:
        return
    outcome = "processed" if rng.random() < 0.8 else "refused"
    family.process_filing(
        database.uow(),
        actor,
        filing_id=rng.choice(recent),
        outcome=outcome,
        note="" if outcome == "processed" else "첨부 서류 미비",
        client_uuid=uuid.uuid4(),
    )
    _count(stats, "results")


def _passport_intake(database: Any, actor: Any, name: str, number: str, stats: dict[str, Any]) -> None:
    from app.services import passports

    form = passports.ApplicationForm(
        name=name,
        resident_number=number,
        kind="복수",
        validity_years=10,
        pages=58,
        phone="010-1234-5678",
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
        payment_method="카드",
    )
    passports.take_application(database.uow(), actor, form=form, client_uuid=uuid.uuid4())
    _count(stats, "passports")


def _passport_step(database: Any, actor: Any, rng: random.Random, stats: dict[str, Any]) -> None:
    """The next step (심사 → 제작 → 도착) or the delivery of one of the three oldest open applications (so each
    goes all the way to its delivery while every counter works on the same three)."""
    import sqlalchemy as sa

    from app.services import passports
    from db.models_passport import PassportApplication

    with database.uow() as uow:
        recent = uow.session.execute(
            sa.select(PassportApplication.id, PassportApplication.status)
            .where(PassportApplication.status != passports.DELIVERED)
            .order_by(PassportApplication.id)
            .limit(3)
        ).all()
    if not recent:
        return
    application_id, status = rng.choice(recent)
    if status == passports.ARRIVED:
        passports.deliver_passport(
            database.uow(), actor, application_id=application_id, id_checked=True, client_uuid=uuid.uuid4()
        )
        _count(stats, "deliveries")
        return
    step = passports.next_status(status)
    assert step is not None
    passports.advance_application(
        database.uow(), actor, application_id=application_id, to_status=step, client_uuid=uuid.uuid4()
    )
    _count(stats, "advances")


def _numbered_right(numbers: list[tuple[Any, str]], sequence: Any) -> int:
    """How many periods have a duplicate or missing number (each period's numbers must be 1, 2, … n)."""
    by_period: dict[Any, list[int]] = {}
    for period, number in numbers:
        by_period.setdefault(period, []).append(sequence(number))
    return sum(1 for seqs in by_period.values() if sorted(seqs) != list(range(1, len(seqs) + 1)))


def _supervisor(index: int, url: str, key_file: str, fields: tuple[Any, ...], deadline: float, out: Any) -> None:
    """Voids a recent receipt now and then; both supervisors pick from the same few, so they race."""
    import sqlalchemy as sa

    from app.services import receipts
    from app.services.actor import Actor
    from app.services.errors import ServiceError
    from db.engine import make_engine
    from db.models import Receipt
    from db.pii import PiiCipher, load_or_create_key
    from db.uow import Database

    database = Database(make_engine(url), pii=PiiCipher(load_or_create_key(Path(key_file))))
    actor = Actor(*fields)
    stats: dict[str, Any] = {"voids": 0, "refusals": 0, "errors": []}
    rng = random.Random(50 + index)
    while time.monotonic() < deadline:
        with database.uow() as uow:
            recent = uow.session.scalars(
                sa.select(Receipt.id).where(Receipt.status == "issued").order_by(Receipt.id.desc()).limit(3)
            ).all()
        if recent:
            try:
                receipts.void_receipt(database.uow(), actor, receipt_id=rng.choice(recent), reason="부하 시험 취소")
                stats["voids"] += 1
            except ServiceError:
                stats["refusals"] += 1
            except Exception as exc:  # noqa: BLE001
                stats["errors"].append(f"{exc.__class__.__name__}: {exc}"[:300])
        time.sleep(rng.uniform(1, 3))
    database.dispose()
    out.put(stats)


def _fields(actor: Any) -> tuple[Any, ...]:
    return (
        actor.user_id,
        actor.username,
        actor.display_name,
        actor.role,
        actor.office_id,
        actor.terminal_id,
        actor.terminal_code,
    )


def run(url: str, *, counters: int, minutes: float, pace: float) -> int:
    import sqlalchemy as sa

    from app.bootstrap import build_context, run_migrate
    from app.services import auth
    from app.services.actor import Actor
    from app.settings import Settings
    from db.models import Applicant, AuditEntry, Receipt
    from db.models_family import FamilyFiling
    from db.models_outbox import OutboxMessage
    from db.models_passport import PassportApplication
    from db.models_petitions import Petition, PetitionEvent

    tmp = Path(tempfile.mkdtemp(prefix="minwon-load-"))
    settings = Settings(values={"key_file": str(tmp / "rrn.key")})
    run_migrate(url, settings)  # as the administrator does before the counters start (they only check the schema)
    ctx = build_context(settings, db_url=url)
    actors = []
    with ctx.db.uow() as uow:
        for i in range(counters + 2):
            role = "clerk" if i < counters else "supervisor"
            user = auth._create(
                uow,
                office_id=ctx.office.id,
                username=f"load{uuid.uuid4().hex[:8]}",
                display_name=f"부하 {i}",
                role=role,
                password="load-pass-1",
            )
            uow.flush()
            actors.append(
                Actor(user.id, user.username, user.display_name, role, user.office_id, ctx.terminal.id, f"창구-{i}")
            )
        uow.commit()
    with ctx.db.uow() as uow:
        before = uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) or 0
    spawn = mp.get_context("spawn")
    out = spawn.Queue()
    deadline = time.monotonic() + 15 + minutes * 60  # 15 s for the processes to start
    procs = [
        spawn.Process(target=_counter, args=(i, url, str(settings.key_file), _fields(a), deadline, pace, out))
        for i, a in enumerate(actors[:counters])
    ] + [
        spawn.Process(target=_supervisor, args=(i, url, str(settings.key_file), _fields(a), deadline, out))
        for i, a in enumerate(actors[counters:])
    ]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [out.get(timeout=minutes * 60 + 300) for _ in procs]
    for p in procs:
        p.join(60)
    elapsed = time.monotonic() - started - 15
    counter_stats = [r for r in results if "issue_ms" in r]
    supervisor_stats = [r for r in results if "voids" in r]
    issue_ms = sorted(ms for r in counter_stats for ms in r["issue_ms"])
    errors = [e for r in results for e in r["errors"]]
    timeouts = [e for r in results for e in r.get("timeouts", [])]
    actions = sum(r["actions"] for r in counter_stats)
    with ctx.db.uow() as uow:
        numbers = uow.session.execute(sa.select(Receipt.business_day, Receipt.number)).all()
        duplicate_people = uow.session.execute(
            sa.select(Applicant.rrn_hmac)
            .where(Applicant.rrn_hmac.is_not(None))
            .group_by(Applicant.rrn_hmac)
            .having(sa.func.count() > 1)
        ).all()
        double_decisions = uow.session.execute(
            sa.select(PetitionEvent.petition_id)
            .where(PetitionEvent.action == "decide")
            .group_by(PetitionEvent.petition_id)
            .having(sa.func.count() > 1)
        ).all()
        petitions_taken = uow.session.scalar(sa.select(sa.func.count()).select_from(Petition))
        voided = uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt).where(Receipt.status == "voided"))
        void_entries = uow.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "receipt.void")
        )
        filings = uow.session.execute(sa.select(FamilyFiling.number, FamilyFiling.status)).all()
        result_entries = uow.session.execute(
            sa.select(AuditEntry.record_id, sa.func.count())
            .where(AuditEntry.action.in_(("family.processed", "family.refused")))
            .group_by(AuditEntry.record_id)
        ).all()
        result_sms = uow.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.record_type == "family_filing")
        )
        applications = uow.session.execute(
            sa.select(PassportApplication.number, PassportApplication.status)
        ).all()
        status_entries = uow.session.execute(
            sa.select(AuditEntry.record_id, AuditEntry.detail, sa.func.count())
            .where(AuditEntry.action == "passport.status")
            .group_by(AuditEntry.record_id, AuditEntry.detail)
        ).all()
        deliver_entries = uow.session.execute(
            sa.select(AuditEntry.record_id, sa.func.count())
            .where(AuditEntry.action == "passport.deliver")
            .group_by(AuditEntry.record_id)
        ).all()
    gaps_or_duplicates = _numbered_right([(day, n) for day, n in numbers], lambda n: int(n.split("-")[1]))
    # 가족-2026-000123 (per office and year) and P20261202-0001 (per office and day)
    filing_gaps = _numbered_right([(n.split("-")[1], n) for n, _ in filings], lambda n: int(n.split("-")[2]))
    application_gaps = _numbered_right([(n.split("-")[0], n) for n, _ in applications], lambda n: int(n.split("-")[1]))
    decided = sum(1 for _, status in filings if status != "received")
    results_told = sum(r.get("results", 0) for r in counter_stats)
    double_results = sum(1 for _, count in result_entries if count > 1)
    double_steps = sum(1 for _, _, count in status_entries if count > 1)
    double_deliveries = sum(1 for _, count in deliver_entries if count > 1)
    advances_told = sum(r.get("advances", 0) for r in counter_stats)
    deliveries_told = sum(r.get("deliveries", 0) for r in counter_stats)
    delivered = sum(1 for _, status in applications if status == "delivered")
    p50 = statistics.median(issue_ms) if issue_ms else float("nan")
    p95 = issue_ms[int(len(issue_ms) * 0.95) - 1] if issue_ms else float("nan")
    print(f"counters {counters} + 2 supervisors, {elapsed / 60:.1f} min, pace {pace} s")
    print(f"actions {actions:,} ({actions / elapsed:.1f}/s), receipts written {len(numbers) - before:,}")
    print(f"certificate issue: {len(issue_ms):,}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"refusals (expected, e.g. a void that lost its race): {sum(r['refusals'] for r in results)}")
    refused: dict[str, int] = {}
    for r in counter_stats:
        for what, count in r.get("refused", {}).items():
            refused[what] = refused.get(what, 0) + count
    print("  by action: " + ", ".join(f"{what} {count}" for what, count in sorted(refused.items())))
    voids = sum(r["voids"] for r in supervisor_stats)
    print(f"voids {voids} = voided receipts {voided} = void log entries {void_entries}")
    print(
        f"errors {len(errors)}, timeouts {len(timeouts)} (the server did not answer in time: the clerk's message); "
        f"days with a duplicate or missing number {gaps_or_duplicates}"
    )
    print(f"duplicate applicants {len(duplicate_people)}")
    steps = sum(r.get("steps", 0) for r in counter_stats)
    print(f"petitions {petitions_taken:,}, steps taken {steps:,}, petitions decided twice {len(double_decisions)}")
    print(
        f"filings {len(filings):,} (days/years with a duplicate or missing number {filing_gaps}), "
        f"results told {results_told:,} = filings decided {decided:,} = log entries {len(result_entries):,}; "
        f"filings with two results {double_results}; result SMS {result_sms:,}"
    )
    print(
        f"passports {len(applications):,} (days with a duplicate or missing number {application_gaps}), "
        f"steps told {advances_told:,} = log entries {sum(c for _, _, c in status_entries):,}, "
        f"deliveries told {deliveries_told:,} = delivered {delivered:,}; "
        f"steps recorded twice {double_steps}, deliveries recorded twice {double_deliveries}"
    )
    for e in (errors + timeouts)[:10]:
        print("  ", " / ".join(e.splitlines()[:2]))
    ctx.db.dispose()
    bad = (
        errors
        or timeouts
        or gaps_or_duplicates
        or duplicate_people
        or voided != void_entries
        or double_decisions
        or filing_gaps
        or application_gaps
        or double_results
        or not results_told == decided == len(result_entries) == result_sms
        or double_steps
        or double_deliveries
        or advances_told != sum(c for _, _, c in status_entries)
        or deliveries_told != delivered
    )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="postgresql://… (an empty or existing test database)")
    parser.add_argument("--counters", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--pace", type=float, default=DEFAULT_PACE_S, help="mean seconds between a counter's actions")
    args = parser.parse_args()
    return run(args.db, counters=args.counters, minutes=args.minutes, pace=args.pace)


if __name__ == "__main__":
    raise SystemExit(main())
