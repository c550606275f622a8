"""Where a passport application stands (접수 → 심사 → 제작 → 도착 → 교부) and who may collect it.

Pure rules on plain values: the order of the steps, the refusal for a step out of order, the collector
rule at delivery (교부), the reduced emergency fee's choices and the masked name of the countdown board.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain.calendar import SEOUL
from app.domain.josa import particle
from app.domain.messages import N_
from app.domain.passport.documents import PROXY_LEGAL_REP, PROXY_RELATIONS, PROXY_RELATIVE

RECEIVED, REVIEW, PRODUCTION, ARRIVED, DELIVERED = "received", "review", "production", "arrived", "delivered"
STATUSES: tuple[str, ...] = (RECEIVED, REVIEW, PRODUCTION, ARRIVED, DELIVERED)
STATUS_LABELS = {
    RECEIVED: N_("접수"),
    REVIEW: N_("심사"),
    PRODUCTION: N_("제작"),
    ARRIVED: N_("도착"),
    DELIVERED: N_("교부"),
}
# the steps ``advance`` takes; 교부 is its own act (the collector's ID is checked)
ADVANCE_STEPS: tuple[str, ...] = (REVIEW, PRODUCTION, ARRIVED)

REDUCED_NONE, REDUCED_WITH_PROOF, REDUCED_LATER = "none", "proof", "later"
REDUCED_CHOICES = {
    REDUCED_NONE: N_("감면 없음"),
    REDUCED_WITH_PROOF: N_("감면 (증빙 제출함)"),
    REDUCED_LATER: N_("감면 (증빙 나중에 제출)"),
}
COLLECTOR_SELF = N_("본인")
REFUND_METHODS = (N_("현금"), N_("카드 취소"), N_("계좌 입금"))
# Who may collect for a minor: the same people who may apply for one.
MINOR_COLLECTORS = (PROXY_LEGAL_REP, PROXY_RELATIVE)
ADULT_AGE = 18
# A step recorded this long before (or after, clocks differ between PCs) the refused request was done "just
# now", most likely at another counter at the same moment: the refusal says so.
JUST_NOW = timedelta(minutes=10)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def next_status(status: str) -> str | None:
    """The step after ``status``; None once delivered (or for a status that is not a step)."""
    if status not in STATUSES or status == DELIVERED:
        return None
    return STATUSES[STATUSES.index(status) + 1]


def just_now(done_at: datetime | None, now: datetime | None) -> bool:
    """Whether a step recorded at ``done_at`` happened within ``JUST_NOW`` of ``now`` (both aware)."""
    if done_at is None or now is None or done_at.tzinfo is None or now.tzinfo is None:
        return False
    return abs(now - done_at) <= JUST_NOW


def _clock(moment: datetime) -> str:
    return moment.astimezone(SEOUL).strftime("%H:%M")


def advance_refusal(
    number: str, status: str, to_status: str, *, done_at: datetime | None = None, now: datetime | None = None
) -> str | None:
    """Why application ``number`` at ``status`` cannot go to ``to_status`` (Korean), or None when it can.

    ``done_at`` is when the application reached ``status``: when that step is ``to_status`` itself and was
    taken within ``JUST_NOW`` of ``now``, the refusal says another counter just did it.
    """
    expected = next_status(status)
    if expected == to_status:
        return None
    if status == DELIVERED:
        if just_now(done_at, now):
            return f"{number}: 다른 창구에서 방금 교부했습니다. 이미 교부된 여권입니다."
        return f"{number}: 이미 교부된 여권입니다."
    if status == to_status:
        after = f"다음 단계는 '{status_label(expected or DELIVERED)}'입니다."
        if just_now(done_at, now):
            assert done_at is not None
            shown = status_label(to_status)
            return (
                f"{number}: 다른 창구에서 방금({_clock(done_at)}) '{shown}'{particle(shown, '으로/로')} "
                f"넘겼습니다. {after}"
            )
        return f"{number}: 이미 '{status_label(to_status)}' 단계입니다. {after}"
    return (
        f"{number}: '{status_label(status)}' 단계에서 "
        f"'{status_label(to_status)}'{particle(status_label(to_status), '으로/로')} 넘길 수 없습니다. "
        f"다음 단계는 '{status_label(expected or DELIVERED)}'입니다."
    )


def delivery_refusal(
    number: str, status: str, *, delivered_at: datetime | None = None, now: datetime | None = None
) -> str | None:
    """Why the passport of application ``number`` at ``status`` cannot be handed over now, or None; a
    delivery within ``JUST_NOW`` of ``now`` is named as another counter's."""
    if status == DELIVERED:
        if just_now(delivered_at, now):
            assert delivered_at is not None
            return f"{number}: 다른 창구에서 방금({_clock(delivered_at)}) 교부했습니다. 이미 교부된 여권입니다."
        return f"{number}: 이미 교부된 여권입니다."
    if status != ARRIVED:
        return f"{number}: 도착한 여권만 교부할 수 있습니다 (현재 단계: {status_label(status)})."
    return None


def collector_input_refusal(relation: str, name: str) -> str | None:
    """What is missing from the collector fields of the delivery form (Korean), or None."""
    if relation != COLLECTOR_SELF and relation not in PROXY_RELATIONS:
        return f"받는 사람을 고르세요: 본인, {', '.join(PROXY_RELATIONS)}."
    if relation != COLLECTOR_SELF and not name.strip():
        return "대리 수령이면 받는 사람의 성명을 적으세요."
    return None


def collector_refusal(*, age: int, applying_in_person: bool, relation: str) -> str | None:
    """Whether ``relation`` may collect: the applicant always; a proxy only for a minor (법정대리인 or 2촌 이내
    친족) or when the application itself was made by proxy for illness or disability."""
    if relation == COLLECTOR_SELF:
        return None
    minor = age < ADULT_AGE
    if minor and relation not in MINOR_COLLECTORS:
        return "미성년자의 여권은 법정대리인 또는 2촌 이내 친족이 대신 받을 수 있습니다."
    if not minor and applying_in_person:
        return (
            "본인이 직접 신청한 성인의 여권은 본인이 받아야 합니다. "
            "질병·장애로 대리 신청한 경우에만 대리인이 받을 수 있습니다."
        )
    return None


def mask_name(name: str) -> str:
    """``홍○○``: enough for the countdown board, which every counter (and passer-by) can see."""
    name = name.strip()
    return name[:1] + "○" * max(1, len(name) - 1) if name else ""
