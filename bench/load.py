"""Thirty counters on one PostgreSQL server: ``python -m bench.load --db URL [--counters 30] [--minutes 10]``.

Each counter is its own process with its own engine (as a counter PC is), signed in as its own clerk, and
works through a realistic mix at a given pace: certificates (등·초본) for people of whom half are shared by
all counters (so two counters register and serve the same person), plain receipts, F7 look-ups by number
and by name, and voids by supervisors (two supervisors race for the same receipt on purpose). At the end
the database is checked: no error at any counter, no duplicate or missing receipt number, no duplicate
applicant, no receipt voided twice. Prints the p50/p95 of a certificate issue and the throughput.
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
        roll = rng.random()
        name, number = rng.choice(shared if rng.random() < 0.5 else own)
        try:
            if roll < 0.55:
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
            elif roll < 0.65:
                receipts.issue_receipt(database.uow(), actor, lines=[line], payment_method="현금")
            elif roll < 0.7:
                petitions.intake_petition(
                    database.uow(),
                    actor,
                    type_code="question_procedure",
                    applicant_name=name,
                    resident_number=number,
                    department="건축과",
                    client_uuid=uuid.uuid4(),
                )
            elif roll < 0.75:
                # Every counter works on the same few recent petitions, so their steps race.
                _petition_step(database, actor, rng, stats)
            elif roll < 0.9:
                applicants.find_by_resident_number(database.uow(), actor, number)
            else:
                applicants.search_by_name(database.uow(), actor, name[:2])
        except ServiceError:
            stats["refusals"] += 1
        except Exception as exc:  # noqa: BLE001 - every other failure counts as an error of the run
            stats["errors"].append(f"{exc.__class__.__name__}: {exc}"[:300])
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

    from app.bootstrap import build_context
    from app.services import auth
    from app.services.actor import Actor
    from app.settings import Settings
    from db.models import Applicant, AuditEntry, Receipt
    from db.models_petitions import Petition, PetitionEvent

    tmp = Path(tempfile.mkdtemp(prefix="minwon-load-"))
    settings = Settings(values={"key_file": str(tmp / "rrn.key")})
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
    by_day: dict[Any, list[int]] = {}
    for day, number in numbers:
        by_day.setdefault(day, []).append(int(number.split("-")[1]))
    gaps_or_duplicates = sum(1 for seqs in by_day.values() if sorted(seqs) != list(range(1, len(seqs) + 1)))
    p50 = statistics.median(issue_ms) if issue_ms else float("nan")
    p95 = issue_ms[int(len(issue_ms) * 0.95) - 1] if issue_ms else float("nan")
    print(f"counters {counters} + 2 supervisors, {elapsed / 60:.1f} min, pace {pace} s")
    print(f"actions {actions:,} ({actions / elapsed:.1f}/s), receipts written {len(numbers) - before:,}")
    print(f"certificate issue: {len(issue_ms):,}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"refusals (expected, e.g. a void that lost its race): {sum(r['refusals'] for r in results)}")
    voids = sum(r["voids"] for r in supervisor_stats)
    print(f"voids {voids} = voided receipts {voided} = void log entries {void_entries}")
    print(f"errors {len(errors)}; days with a duplicate or missing number {gaps_or_duplicates}")
    print(f"duplicate applicants {len(duplicate_people)}")
    steps = sum(r.get("steps", 0) for r in counter_stats)
    print(f"petitions {petitions_taken:,}, steps taken {steps:,}, petitions decided twice {len(double_decisions)}")
    for e in errors[:10]:
        print("  ", e)
    ctx.db.dispose()
    bad = errors or gaps_or_duplicates or duplicate_people or voided != void_entries or double_decisions
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
