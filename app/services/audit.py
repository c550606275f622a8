"""The access log (접속기록): every read, change, print, export, unmask and sign-in, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.domain.identity import mask_text
from app.i18n import N_
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.exports import write_csv
from db.models import AuditEntry, utcnow
from db.uow import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    *,
    record_type: str = "",
    record_id: object = "",
    detail: str = "",
    reason: str = "",
    username: str = "",
    terminal: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry to the open unit of work; a resident number in the text is masked.

    Nearly every use case writes one, so this is also where a session whose account was stopped or
    whose role changed since sign-in is turned away: the whole unit of work rolls back.
    """
    if actor is not None:
        _check_account(uow, actor)
    entry = AuditEntry(
        at=at or utcnow(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else username,
        terminal=actor.terminal_code if actor else terminal,
        action=action,
        record_type=record_type,
        record_id=str(record_id) if record_id is not None else "",
        detail=mask_text(detail),
        reason=mask_text(reason),
    )
    uow.add_audit(entry)  # chained and written just before the unit of work commits (db.auditchain)
    return entry


def _check_account(uow: UnitOfWork, actor: Actor) -> None:
    from app.services.errors import PermissionDenied
    from db.models import StaffUser

    user = uow.session.get(StaffUser, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied("이 계정은 사용이 중지되었습니다. 관리자에게 문의하세요.")
    if user.role != actor.role:
        raise PermissionDenied("계정의 역할이 바뀌었습니다. 로그아웃한 뒤 다시 로그인하세요.")


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    username: str
    terminal: str
    action: str
    action_label: str
    record_type: str
    record_id: str
    detail: str
    reason: str


ACTION_LABELS = {
    "signin": N_("로그인"),
    "signout": N_("로그아웃"),
    "signin.fail": N_("로그인 실패"),
    "signin.locked": N_("잠긴 계정 로그인 시도"),
    "signin.refused": N_("운영시간 외 로그인"),
    "account.lock": N_("계정 잠금"),
    "screen.lock": N_("화면 잠금"),
    "screen.unlock": N_("화면 잠금 해제"),
    "user.create": N_("사용자 등록"),
    "user.update": N_("사용자 변경"),
    "settings.change": N_("설정 변경"),
    "applicant.create": N_("민원인 등록"),
    "applicant.read": N_("민원인 조회"),
    "applicant.search": N_("민원인 성명 검색"),
    "applicant.update": N_("민원인 변경"),
    "rrn.unmask": N_("주민등록번호 전체 보기"),
    "receipt.issue": N_("영수증 발행"),
    "receipt.read": N_("영수증 조회"),
    "receipt.list": N_("영수증 목록 조회"),
    "petition.list": N_("민원 목록 조회"),
    "petition.status_notice_list": N_("처리상황 통지 대상 조회"),
    "sms.list": N_("문자 발송 현황 조회"),
    "receipt.print": N_("영수증 출력"),
    "receipt.void": N_("영수증 취소"),
    "receipt.correct": N_("마감일 영수증 정정"),
    "audit.review": N_("접속기록 조회"),
    "benefit.print": N_("복지 조회 안내문 출력"),
    "day.close": N_("일일 마감"),
    "day.reopen": N_("마감 재개"),
    "day.close.print": N_("수납 일계표 출력"),
    "day.close.export": N_("수납 일계표 내보내기"),
    "passport.intake": N_("여권 접수"),
    "passport.status": N_("여권 진행 단계 변경"),
    "passport.deliver": N_("여권 교부"),
    "passport.read": N_("여권 신청 조회"),
    "passport.list": N_("여권 목록 조회"),
    "passport.uncollected": N_("미수령 여권 조회"),
    "passport.loss_report": N_("여권 분실 신고"),
    "passport.loss_read": N_("분실 신고 조회"),
    "passport.emergency_check": N_("긴급여권 발급 요건 확인"),
    "passport.reduced_claim": N_("긴급여권 감액 신청"),
    "passport.refund": N_("여권 수수료 환급"),
    "checklist.print": N_("구비서류 안내 출력"),
    "certificate.issue": N_("증명서 발급"),
    "petition.intake": N_("민원 접수"),
    "petition.read": N_("민원 조회"),
    "petition.search": N_("민원 검색"),
    "petition.start": N_("민원 처리 시작"),
    "petition.supplement": N_("보완 요청"),
    "petition.resume": N_("보완 도착"),
    "petition.extend": N_("처리기간 연장"),
    "petition.transfer": N_("민원 이송"),
    "petition.decide": N_("처리완료"),
    "petition.decide.backdated": N_("처리완료 시각 소급 기록"),
    "petition.notify": N_("결과 통지·교부"),
    "petition.close": N_("민원 종결"),
    "petition.status_notice": N_("처리상황 통지"),
    "petition.slip.print": N_("민원 접수증 출력"),
    "petition.supplement_request.print": N_("보완요구서 출력"),
    "petition.result_notice.print": N_("처리결과 통지서 출력"),
    "closure.add": N_("휴무일 추가"),
    "closure.remove": N_("휴무일 삭제"),
    "notice.send": N_("예고장·독촉장 발송"),
    "survey.record": N_("만족도 응답 기록"),
    "survey.import": N_("만족도 응답 가져오기"),
    "family.file": N_("가족관계등록 신고 접수"),
    "family.read": N_("신고 조회"),
    "family.list": N_("신고 목록 조회"),
    "family.processed": N_("신고 처리완료"),
    "family.refused": N_("신고 불수리"),
    "family.guidance_print": N_("후속절차 안내문 출력"),
    "audit.export": N_("접속기록 내보내기"),
    "audit.verify": N_("접속기록 위변조 검사"),
    "audit.purge": N_("보관기간 지난 접속기록 정리"),
    "key.create": N_("암호화 키 생성"),
    "key.export": N_("암호화 키 내보내기"),
    "key.import": N_("암호화 키 가져오기"),
    "key.rotate": N_("암호화 키 교체"),
    "stats.export": N_("수납통계 내보내기"),
    "backup.make": N_("데이터베이스 백업"),
    "backup.restore": N_("백업에서 복원"),
    "backup.settings": N_("백업 설정 변경"),
    "print.done": N_("출력 완료"),
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _audit_view(e: AuditEntry) -> AuditView:
    return AuditView(
        e.id,
        e.at,
        e.username,
        e.terminal,
        e.action,
        action_label(e.action),
        e.record_type,
        e.record_id,
        e.detail,
        e.reason,
    )


def search(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date,
    end: date,
    username: str = "",
    action: str = "",
    limit: int = 5000,
) -> list[AuditView]:
    """The access log for a period (inclusive, Seoul dates), optionally one user or one action; logged itself."""
    from app.services.roles import authorize

    authorize(actor, "audit.review")
    if end < start:
        raise ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    if (end - start).days > 3 * 366:
        raise ValidationError("한 번에 3년 넘게 조회할 수 없습니다. 기간을 줄이세요.")
    begin = datetime.combine(start, time.min, SEOUL)
    finish = datetime.combine(end + timedelta(days=1), time.min, SEOUL)
    with uow:
        query = select(AuditEntry).where(AuditEntry.at >= begin, AuditEntry.at < finish)
        if username.strip():
            query = query.where(AuditEntry.username == username.strip().lower())
        if action.strip():
            query = query.where(AuditEntry.action == action.strip())
        rows = uow.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).all()
        views = [_audit_view(e) for e in rows]
        record(
            uow,
            actor,
            "audit.review",
            record_type="audit_log",
            detail=f"{start}~{end} user={username or '*'} action={action or '*'} {len(views)}건",
        )
        uow.commit()
    return views


def export_csv(
    uow: UnitOfWork, actor: Actor, path: Path, *, start: date, end: date, username: str = "", action: str = ""
) -> int:
    """Write the access log for the period to a CSV (Excel-readable UTF-8); the export is itself logged."""
    from app.services.roles import authorize

    authorize(actor, "audit.review")
    views = search(uow, actor, start=start, end=end, username=username, action=action, limit=1_000_000)
    write_csv(
        path,
        ["일시", "사용자", "단말", "행위", "대상 종류", "대상", "내용", "사유"],
        (
            (
                v.at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S"),
                v.username,
                v.terminal,
                v.action_label,
                v.record_type,
                v.record_id,
                v.detail,
                v.reason,
            )
            for v in views
        ),
    )
    with uow:
        record(uow, actor, "audit.export", record_type="audit_log", detail=f"{path.name} {len(views)}건")
        uow.commit()
    return len(views)


def distinct_actions(uow: UnitOfWork) -> list[str]:
    with uow:
        return sorted(uow.session.scalars(select(AuditEntry.action).distinct()).all())
