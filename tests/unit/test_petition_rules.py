"""The petition workflow rules as pure functions (no database): states, extensions, closing, deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import due_at, parse_period, time_left
from app.domain.petition_rules import (
    ALLOWED_FROM,
    OPEN_STATUSES,
    STATUS_LABELS,
    WORKLOAD_REFUSAL,
    allowed,
    extended_due,
    extension_outlasts_period,
    extension_refusal,
    is_backdated,
    is_in_the_future,
    is_just_now,
    is_workload_reason,
    just_done_refusal,
    not_collected_refusal,
    petition_due,
    refusal,
    rough_days,
    supplement_close_refusal,
    unanswered_supplements,
    urgency,
    workflow_rules,
)

MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # a Monday, no holiday that week
RULES = workflow_rules(date(2026, 11, 23))


def test_the_rules_in_force_come_from_the_table() -> None:
    assert (RULES.max_extensions, RULES.unanswered_supplements, RULES.returned_mail) == (2, 2, 2)
    assert (RULES.not_collected_days, RULES.survey_call_delay_minutes) == (15, 5)
    assert "제21조" in RULES.source and RULES.verified and RULES.valid_from == "2022-01-01"
    assert workflow_rules() == workflow_rules(seoul_today())


@pytest.mark.parametrize(
    ("action", "status", "ok"),
    [
        ("start", "received", True),
        ("start", "processing", False),
        ("supplement", "processing", True),
        ("supplement", "decided", False),
        ("resume", "supplement", True),
        ("resume", "processing", False),
        ("extend", "supplement", True),
        ("extend", "decided", False),
        ("transfer", "supplement", False),
        ("decide", "received", True),
        ("decide", "notified", False),
        ("notify", "decided", True),
        ("notify", "processing", False),
        ("unknown", "received", False),
    ],
)
def test_what_each_action_may_start_from(action: str, status: str, ok: bool) -> None:
    assert allowed(action, status) is ok


def test_closing_depends_on_the_reason() -> None:
    assert allowed("close", "supplement", close_reason="supplement_unanswered")
    assert not allowed("close", "decided", close_reason="supplement_unanswered")
    assert allowed("close", "decided", close_reason="address_unknown")
    assert allowed("close", "decided", close_reason="not_collected")
    assert not allowed("close", "processing", close_reason="not_collected")
    assert not allowed("close", "received")
    assert set(ALLOWED_FROM["extend"]) == set(OPEN_STATUSES) and set(STATUS_LABELS) >= set(OPEN_STATUSES)


def test_refusal_names_the_state_and_the_action() -> None:
    text = refusal("민원-20261123-0001", "supplement", "decide", "보완 도착을 먼저 기록하세요.")
    assert text == (
        "민원-20261123-0001은 '보완요청' 상태라서 처리완료를 할 수 없습니다. 보완 도착을 먼저 기록하세요."
    )


@pytest.mark.parametrize(
    ("reason", "workload"),
    [
        ("업무량 증가", True),
        ("업무 과다로 인한 지연", True),
        ("인력 부족", True),
        ("담당자 인력부족", True),
        ("요즘 너무 바빠서", True),
        ("관계기관 협의 필요", False),
        ("제3자 의견 청취", False),
        ("", False),
    ],
)
def test_workload_is_no_reason_for_an_extension(reason: str, workload: bool) -> None:
    assert is_workload_reason(reason) is workload
    assert "업무량" in WORKLOAD_REFUSAL


def test_at_most_two_extensions_the_second_with_consent_never_a_third() -> None:
    def refused(count: int, consent: bool) -> str | None:
        return extension_refusal(number="민원-1", extension_count=count, consent=consent, rules=RULES)

    assert refused(0, False) is None and refused(0, True) is None
    second = refused(1, False)
    assert second is not None and "동의" in second and "1번" in second
    assert refused(1, True) is None
    third = refused(2, True)
    assert third is not None and "2번까지만" in third


def test_an_extension_may_not_outlast_the_original_period() -> None:
    assert extension_outlasts_period(MON, "10일", "7일")
    assert not extension_outlasts_period(MON, "7일", "7일")
    assert not extension_outlasts_period(MON, "3일", "7일")


def test_the_deadline_from_the_stored_facts() -> None:
    first = datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL)
    assert petition_due(MON, "7일", [], now=MON) == first == due_at(MON, "7일")
    # An extension counts from the working day after the deadline: 7 more days → Thu 12-10, 3 more → Tue 12-15.
    once = extended_due(first, "7일", [], now=MON)
    assert once == datetime(2026, 12, 10, 18, 0, tzinfo=SEOUL)
    assert petition_due(MON, "7일", [], ["7일"], now=MON) == once
    assert petition_due(MON, "7일", [], ["7일", "3일"], now=MON) == datetime(2026, 12, 15, 18, 0, tzinfo=SEOUL)
    # A supplement awaited a full working day (Mon 11:00 → Tue 11:00) adds 8 working hours.
    pause = (MON + timedelta(hours=1), MON + timedelta(days=1, hours=1))
    assert petition_due(MON, "5일", [pause], now=MON) == datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
    # An open pause counts up to now.
    still = (MON + timedelta(hours=1), None)
    assert petition_due(MON, "5일", [still], now=MON + timedelta(days=1, hours=1)) == petition_due(
        MON, "5일", [pause], now=MON
    )
    # Office closures move it too.
    assert petition_due(MON, "7일", [], closures={date(2026, 11, 26)}, now=MON) == first + timedelta(days=1)


def test_unanswered_supplements_and_closing_for_them() -> None:
    today = date(2026, 12, 2)
    supplements = [
        (date(2026, 11, 25), date(2026, 11, 27)),  # answered late
        (date(2026, 11, 30), None),  # never answered
        (date(2026, 11, 26), date(2026, 11, 26)),  # answered in time
        (date(2026, 12, 5), None),  # its deadline is still to come
        (None, None),  # no deadline set
    ]
    assert unanswered_supplements(supplements, today) == 2
    assert supplement_close_refusal(2, RULES) is None
    message = supplement_close_refusal(1, RULES)
    assert message is not None and "2번" in message and "지금 1번" in message


def test_not_collected_only_after_fifteen_days() -> None:
    decided = date(2026, 11, 23)
    refused = not_collected_refusal(decided, decided + timedelta(days=10), RULES)
    assert refused is not None and "15일" in refused and "지금 10일" in refused
    assert not_collected_refusal(decided, decided + timedelta(days=15), RULES) is not None
    assert not_collected_refusal(decided, decided + timedelta(days=16), RULES) is None


def test_decision_times_and_urgency() -> None:
    assert is_backdated(MON - timedelta(minutes=6), MON) and not is_backdated(MON - timedelta(minutes=4), MON)
    assert is_in_the_future(MON + timedelta(minutes=2), MON) and not is_in_the_future(MON, MON)
    due = datetime(2026, 11, 23, 14, 0, tzinfo=SEOUL)
    assert urgency(time_left(due, MON + timedelta(hours=1)), 8) == "day"
    assert urgency(time_left(due, due + timedelta(hours=1)), 8) == "overdue"
    assert urgency(time_left(due_at(MON, "2일"), MON), 8) == "three_days"
    assert urgency(time_left(due_at(MON, "7일"), MON), 8) == "normal"


def test_a_refusal_after_another_counter_says_what_happened_first() -> None:
    at = datetime(2026, 11, 23, 10, 5, tzinfo=SEOUL)
    text = just_done_refusal(
        "민원-20261123-0001", "decide", who="김담당", at=at, by_other=True, reason="'처리완료' 상태라서 …"
    )
    assert (
        text == "민원-20261123-0001: 다른 창구에서 방금 처리완료를 기록했습니다 (김담당, 10:05). '처리완료' 상태라서 …"
    )
    mine = just_done_refusal("민원-1", "extend", who="", at=at, by_other=False, reason="이미 2번")
    assert mine == "민원-1: 방금 처리기간을 연장했습니다 (10:05). 이미 2번"
    assert is_just_now(at, at + timedelta(minutes=9))
    assert not is_just_now(at, at + timedelta(minutes=11))
    assert not is_just_now(at + timedelta(minutes=2), at)  # a step "from the future" is not this race


def test_an_absurd_extension_is_refused_without_counting_it_out() -> None:
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)
    assert extension_outlasts_period(monday, "9999999999999999년", "7일")
    assert extension_outlasts_period(monday, "100000일", "1개월")
    assert not extension_outlasts_period(monday, "7일", "7일")
    assert not extension_outlasts_period(monday, "5일", "1개월")
    assert rough_days(parse_period("즉시")) == 0 and rough_days(parse_period("2주")) == 14


def test_not_collected_counts_from_the_expected_completion_date() -> None:
    # 시행령 제25조④: 15 days from the expected completion date (처리예정일), the day itself not counted
    # (민법 제157조 본문). Decided Monday 2026-11-23, expected Tuesday 12-01 → the 15 days are 12-02 …
    # 12-16 (Wednesday); closing is allowed from 12-17.
    decided, expected = date(2026, 11, 23), date(2026, 12, 1)
    refused = not_collected_refusal(decided, date(2026, 12, 16), RULES, expected_on=expected)
    assert refused is not None and "처리예정일(2026-12-01)" in refused and "2026-12-16까지" in refused
    assert not_collected_refusal(decided, date(2026, 12, 17), RULES, expected_on=expected) is None
    # The old count (from the decision) would have allowed 12-09.
    assert not_collected_refusal(decided, date(2026, 12, 9), RULES, expected_on=expected) is not None


def test_not_collected_decided_late_counts_from_the_decision() -> None:
    # Decided Wednesday 12-02, a day after the expected 12-01: nothing could be collected before the
    # decision, so 15 days from 12-02 → 12-17 (Thursday).
    decided, expected = date(2026, 12, 2), date(2026, 12, 1)
    assert not_collected_refusal(decided, date(2026, 12, 17), RULES, expected_on=expected) is not None
    assert not_collected_refusal(decided, date(2026, 12, 18), RULES, expected_on=expected) is None


def test_not_collected_last_day_on_a_holiday_moves() -> None:
    # Expected Thursday 2026-12-10: 15 days → Friday 12-25 기독탄신일 → weekend → Monday 12-28 (민법 제161조).
    from app.domain.petition_rules import not_collected_last_day

    assert not_collected_last_day(date(2026, 12, 1), RULES, expected_on=date(2026, 12, 10)) == date(2026, 12, 28)
    assert not_collected_refusal(date(2026, 12, 1), date(2026, 12, 28), RULES, expected_on=date(2026, 12, 10))
    assert not_collected_refusal(date(2026, 12, 1), date(2026, 12, 29), RULES, expected_on=date(2026, 12, 10)) is None
