"""The access log's integrity: verify the hash chain, and cut entries past the retention period (admin only).

The chain itself is written by the unit of work (``db.auditchain``); this is what the 관리 tab and
``main.py --verify-log`` / ``--purge-log`` call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DBAPIError

from app.domain.calendar import SEOUL, seoul_today
from app.services import audit
from app.services.actor import Actor
from app.services.errors import PermissionDenied, ValidationError
from app.services.exports import write_csv
from app.services.roles import authorize
from db.auditchain import ChainReport, verify
from db.models import AuditEntry
from db.models_security import AuditChainHead
from db.uow import UnitOfWork

RETENTION_YEARS = 2  # 개인정보의 안전성 확보조치 기준 제8조: 접속기록은 최소 2년 보관


def verify_log(uow: UnitOfWork, actor: Actor | None) -> ChainReport:
    """Walk the whole chain; the result (and the first broken link) is itself logged when an actor asks."""
    if actor is not None:
        authorize(actor, "audit.review")
    with uow:
        report = verify(uow.session)
        if actor is not None:
            audit.record(uow, actor, "audit.verify", record_type="audit_log", detail=report.problem)
            uow.commit()
    return report


@dataclass(frozen=True, slots=True)
class PurgeResult:
    removed: int
    cut_seq: int
    path: Path


def retention_limit(today: date) -> date:
    """The first day whose entries must still be kept (two years back, 29 February to 28 February)."""
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def purge_before(
    uow: UnitOfWork, actor: Actor | None, *, before: date, path: Path, today: date | None = None
) -> PurgeResult:
    """Export the entries dated before ``before`` to ``path`` (CSV, with their chain values), then remove them.

    Only entries older than the retention period; the anchor of the cut (the last removed entry's hash) is
    kept, so the rest of the chain still verifies, and the cut itself is logged. On PostgreSQL the counters'
    role may not delete from the log: an administrator runs ``python main.py --purge-log`` as the owner role
    (``actor`` None: that command).
    """
    if actor is not None:
        authorize(actor, "office.setup")
    limit = retention_limit(today or seoul_today())
    if before > limit:
        raise ValidationError(
            "접속기록은 {years}년 이상 보관해야 합니다: {day} 이전 기록만 정리할 수 있습니다.",
            years=RETENTION_YEARS,
            day=limit.isoformat(),
        )
    cutoff = datetime.combine(before, time.min, SEOUL)
    with uow:
        head = uow.session.scalars(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()).first()
        if head is None:
            raise ValidationError("정리할 접속기록이 없습니다.")
        first_kept = uow.session.scalar(
            select(func.min(AuditEntry.seq)).where(AuditEntry.seq > head.cut_seq, AuditEntry.at >= cutoff)
        )
        cut = (first_kept - 1) if first_kept is not None else head.seq
        if cut <= head.cut_seq:
            raise ValidationError("{day} 이전의 정리할 접속기록이 없습니다.", day=before.isoformat())
        rows = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.seq > head.cut_seq, AuditEntry.seq <= cut).order_by(AuditEntry.seq)
        ).all()
        write_csv(
            path,
            ["순번", "일시", "사용자", "단말", "행위", "대상 종류", "대상", "내용", "사유", "연결값"],
            (
                (
                    e.seq,
                    e.at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    e.username,
                    e.terminal,
                    e.action,
                    e.record_type,
                    e.record_id,
                    e.detail,
                    e.reason,
                    e.chain_hash,
                )
                for e in rows
            ),
            verbatim=("연결값",),
        )
        anchor = rows[-1].chain_hash or ""
        head.cut_seq, head.cut_hash = cut, anchor
        try:
            uow.session.flush()
            uow.session.execute(delete(AuditEntry).where(AuditEntry.seq <= cut))
        except DBAPIError as exc:
            if "permission denied" in str(exc.orig).lower() or "insufficient" in type(exc.orig).__name__.lower():
                raise PermissionDenied(
                    "이 단말의 데이터베이스 계정은 접속기록을 지울 수 없습니다. 관리자가 소유자 계정으로 "
                    "'python main.py --purge-log 날짜 --to 파일' 을 실행하세요."
                ) from exc
            raise
        audit.record(
            uow,
            actor,
            "audit.purge",
            record_type="audit_log",
            record_id=str(cut),
            username="" if actor else "(관리 명령)",
            detail=(
                f"{before.isoformat()} 이전 {len(rows)}건 정리 (1~{cut}번, {path.name} 로 내보냄, 기준값 {anchor[:16]})"
            ),
        )
        uow.commit()
    return PurgeResult(len(rows), cut, path)
