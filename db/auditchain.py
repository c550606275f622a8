"""The access log's hash chain: every entry carries sha256(previous entry's hash + its own canonical content).

Entries are written by the unit of work just before it commits (``UnitOfWork.commit``), after taking the
chain lock (the row lock on ``audit_chain`` id 1; SQLite's writer lock is already held), so the chain is one
line however many counters write at once and the lock is held only for the last statements of a
transaction. On PostgreSQL the entry's time is the server's ``now()`` (a trigger owned by the owner role
overwrites whatever a client sends); on SQLite, one PC and one user, it is the program's clock.

``verify`` walks the chain and names the first broken link: an entry changed, removed or slipped in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.identity import mask_text
from db.models import AuditEntry, utcnow
from db.models_security import AuditChainHead

GENESIS = "0" * 64
HEAD_ID = 1
_TEXT_FIELDS = ("username", "terminal", "action", "record_type", "record_id", "detail", "reason")


def canonical(entry: AuditEntry) -> str:
    at = entry.at.astimezone(UTC).isoformat(timespec="microseconds") if entry.at else ""
    fields = [entry.seq, at, entry.user_id, *(getattr(entry, name) or "" for name in _TEXT_FIELDS)]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def link(previous: str, entry: AuditEntry) -> str:
    return hashlib.sha256(f"{previous}\n{canonical(entry)}".encode()).hexdigest()


def _head(session: Session, *, lock: bool) -> AuditChainHead:
    """The chain head, row-locked (the chain lock); made on first use from the last entry, if any."""
    query = select(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
    head = session.scalars(query.with_for_update() if lock else query).first()
    if head is not None:
        return head
    last = session.scalars(
        select(AuditEntry).where(AuditEntry.seq.is_not(None)).order_by(AuditEntry.seq.desc())
    ).first()
    values = {
        "id": HEAD_ID,
        "seq": last.seq if last and last.seq else 0,
        "hash": last.chain_hash if last and last.chain_hash else GENESIS,
        "cut_seq": 0,
        "cut_hash": GENESIS,
    }
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        session.execute(insert(AuditChainHead).values(**values).on_conflict_do_nothing(index_elements=["id"]))
    else:
        session.add(AuditChainHead(**values))
        session.flush()
    return session.scalars(query.with_for_update() if lock else query).one()


def server_now(session: Session) -> datetime:
    """The time an entry carries: PostgreSQL's transaction time (what its trigger sets), else the clock."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(select(func.now())).scalar_one()
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    return utcnow()


def write_entries(session: Session, entries: Sequence[AuditEntry]) -> None:
    """Chain and insert the unit of work's buffered entries, under the chain lock, as its last writes."""
    if not entries:
        return
    session.flush()  # the business rows first: the chain lock is held for as short a time as possible
    head = _head(session, lock=True)
    postgres = session.get_bind().dialect.name == "postgresql"
    moment = server_now(session) if postgres else None
    for entry in entries:
        for name in _TEXT_FIELDS:
            value = getattr(entry, name) or ""
            # The same masking the flush hook applies, done before hashing so that the hook changes nothing.
            setattr(entry, name, mask_text(value) if len(value) >= 13 else value)
        if moment is not None:
            entry.at = moment
        elif entry.at is None:
            entry.at = utcnow()
        entry.seq = head.seq + 1
        entry.chain_hash = link(head.hash, entry)
        head.seq, head.hash = entry.seq, entry.chain_hash
        session.add(entry)
    session.flush()


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What ``verify`` found: ``ok``, how many entries were checked, and the first broken link in Korean."""

    ok: bool
    checked: int
    first_broken_seq: int | None
    first_broken_id: int | None
    problem: str


def verify(session: Session) -> ChainReport:
    """Walk the chain from the last cut's anchor to the head; the first broken link, in Korean."""
    head = session.scalars(select(AuditChainHead).where(AuditChainHead.id == HEAD_ID)).first()
    cut_seq, previous = (head.cut_seq, head.cut_hash) if head else (0, GENESIS)
    unchained = session.scalars(select(AuditEntry).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id)).first()
    if unchained is not None:
        return ChainReport(
            False,
            0,
            None,
            unchained.id,
            f"접속기록 #{unchained.id}에 연결값이 없습니다: 프로그램 밖에서 끼워 넣은 기록입니다.",
        )
    expected = cut_seq + 1
    checked = 0
    ordered = session.scalars(select(AuditEntry).where(AuditEntry.seq > cut_seq).order_by(AuditEntry.seq)).yield_per(
        2000
    )
    too_old = session.scalars(select(AuditEntry).where(AuditEntry.seq <= cut_seq).order_by(AuditEntry.seq)).first()
    if too_old is not None and too_old.seq is not None:
        # Entries at or before the anchor were cut; one still (or again) there is not part of the chain.
        return ChainReport(
            False,
            0,
            too_old.seq,
            too_old.id,
            f"접속기록 {too_old.seq}번은 보관기간 정리로 삭제된 구간에 있는데 남아 있거나 다시 들어왔습니다.",
        )
    for entry in ordered:
        assert entry.seq is not None
        if entry.seq != expected:
            return ChainReport(
                False,
                checked,
                expected,
                entry.id,
                f"접속기록 {expected}번부터 {entry.seq - 1}번까지가 없습니다 (삭제됨)."
                if entry.seq > expected
                else f"접속기록 {entry.seq}번이 두 번 있습니다.",
            )
        if link(previous, entry) != entry.chain_hash:
            return ChainReport(
                False,
                checked,
                entry.seq,
                entry.id,
                f"접속기록 {entry.seq}번(#{entry.id}, {entry.action})의 내용이 기록된 뒤에 바뀌었거나 위조되었습니다.",
            )
        previous = entry.chain_hash
        expected += 1
        checked += 1
    last_seq = expected - 1
    if head is not None and (head.seq != last_seq or head.hash != previous):
        return ChainReport(
            False,
            checked,
            last_seq + 1 if head.seq > last_seq else head.seq,
            None,
            f"접속기록의 마지막 연결({head.seq}번)과 실제 마지막 기록({last_seq}번)이 다릅니다: "
            "마지막 기록이 삭제되었거나 연결 정보가 바뀌었습니다.",
        )
    return ChainReport(True, checked, None, None, f"접속기록 {checked}건의 연결이 모두 맞습니다.")
