"""The night window (야간 민원실, Mon and Thu 18:00–20:00): a warning from 19:50, a transaction begun before
20:00 finished in the grace (``night_grace_minutes``, 10 by default), nothing new after it, and no dialog
left open and grey over disabled tabs at the cut-off."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.calendar import SEOUL
from app.services import roles
from app.services.errors import PermissionDenied, ValidationError
from app.settings import SPECS
from app.views.certificates import CertificateLine

THURSDAY = datetime(2026, 11, 26, 0, 0, tzinfo=SEOUL)


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return THURSDAY.replace(hour=hh, minute=mm, second=ss)


@pytest.fixture(autouse=True)
def _default_grace():  # type: ignore[no-untyped-def]
    roles.set_night_grace(10)
    yield
    roles.set_night_grace(10)


def test_the_grace_is_a_declared_setting() -> None:
    spec = next(s for s in SPECS if s.key == "night_grace_minutes")
    assert spec.type is int and spec.default == 10 and "분" in spec.title


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (at(17, 59), "closed"),
        (at(18, 0), "open"),
        (at(19, 49, 59), "open"),
        (at(19, 50), "closing"),
        (at(19, 59, 59), "closing"),
        (at(20, 0), "grace"),
        (at(20, 9, 59), "grace"),
        (at(20, 10), "closed"),
        (at(19, 55) - timedelta(days=1), "closed"),  # Wednesday: no night window
    ],
)
def test_phases(moment: datetime, phase: str) -> None:
    assert roles.night_window_phase(moment) == phase


def test_no_grace_when_set_to_zero() -> None:
    roles.set_night_grace(0)
    assert roles.night_window_phase(at(20, 0)) == "closed"
    assert not roles.night_work_allowed(at(20, 0), at(19, 59))


@pytest.mark.parametrize(
    ("begun", "now", "allowed"),
    [
        (at(19, 58), at(20, 5), True),  # begun before the end: finished in the grace
        (None, at(20, 5), False),  # nobody said when it began: a new one, refused
        (at(20, 1), at(20, 5), False),  # begun after the end
        (at(19, 58), at(20, 10), False),  # the grace is over
        (at(19, 58) - timedelta(days=3), at(20, 5), False),  # begun in another evening's window
        (at(19, 0), at(19, 30), True),
    ],
)
def test_what_night_staff_may_still_do(begun: datetime | None, now: datetime, allowed: bool) -> None:
    assert roles.night_work_allowed(now, begun) is allowed


def test_a_certificate_begun_before_eight_is_issued_in_the_grace(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import certificates as certs

    night = make_actor("night")

    def issue(now: datetime, begun: datetime | None):  # type: ignore[no-untyped-def]
        return certs.issue_certificates(
            app_ctx.db.uow(),
            night,
            applicant_name="막차민원",
            lines=[CertificateLine("resident_copy")],
            payment_method="현금",
            now=now,
            begun_at=begun,
        )

    view = issue(at(20, 4), at(19, 58))  # the receipt and the applicant inside it are covered too
    assert view.receipt.total > 0
    with pytest.raises(PermissionDenied, match="운영시간"):
        issue(at(20, 4), None)
    with pytest.raises(PermissionDenied, match="운영시간"):
        issue(at(20, 11), at(19, 58))


def test_a_passport_application_begun_before_eight_is_taken_in_the_grace(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services import passports as ps

    night = make_actor("night")
    form = ps.ApplicationForm(name="홍길동", resident_number="900101-1234568", kind="복수", photo_checked=True)
    # the form is incomplete on purpose: a refusal for the form, not for the hours, shows the grace let it in
    with pytest.raises(ValidationError):
        ps.take_application(app_ctx.db.uow(), night, form=form, now=at(20, 3), begun_at=at(19, 57))
    with pytest.raises(PermissionDenied, match="운영시간"):
        ps.take_application(app_ctx.db.uow(), night, form=form, now=at(20, 3))


def test_the_window_warns_at_1950_and_lets_work_finish_until_the_grace_ends(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("night")
    assert window.check_night_window(at(19, 30)) and not window.night_banner.isVisible()
    assert window.check_night_window(at(19, 52))
    assert window.night_banner.isVisible() and "20:00에 끝납니다" in window.night_banner.text()
    assert "8분 남음" in window.night_banner.text() and window.tabs.isEnabled()
    assert window.check_night_window(at(20, 2))
    text = window.night_banner.text()
    assert window.tabs.isEnabled() and "20:10까지" in text and "20:00 전에 시작한 업무만" in text
    assert not window.check_night_window(at(20, 10))
    assert not window.tabs.isEnabled() and "운영시간" in window.night_banner.text()


def test_no_dialog_is_left_unclosable_at_the_cut_off(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from ui.errors import show_error

    window, _ = ui_factory("night")
    window.check_night_window(at(20, 5))
    page = window.tabs.currentWidget()
    show_error(page, ValidationError("확인하세요: 수수료가 바뀌었습니다."))
    box = next(b for b in page.findChildren(QMessageBox) if b.isVisible())
    window.check_night_window(at(20, 10))
    assert not window.tabs.isEnabled()
    # the box was closed before the tabs went grey: nothing is left on screen that cannot be closed
    assert not box.isVisible()
    assert not [d for d in window.findChildren(QMessageBox) if d.isVisible() and not d.isEnabled()]


def test_the_forms_send_when_they_were_begun(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services import certificates as certs
    from tests.ui.keys import type_text

    seen: list[object] = []

    def capture(*_args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs.get("begun_at"))
        raise ValidationError("시험: 보내지 않음")

    monkeypatch.setattr(certs, "issue_certificates", capture)
    window, _ = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    page.clear()
    assert page.begun_at is None
    before = datetime.now(SEOUL)
    type_text(page.name, "김")
    assert page.begun_at is not None and page.begun_at >= before - timedelta(seconds=1)
    first = page.begun_at
    type_text(page.name, "철수")
    assert page.begun_at == first  # the first key, not the last
    page.issue()
    assert seen == [first]
    for box in window.findChildren(QMessageBox):
        box.done(0)
    page.clear()
    assert page.begun_at is None


def test_the_banner_is_shown_whole(qtbot, ui_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("night")
    window.resize(1280, 800)
    for moment in (at(19, 52), at(20, 3), at(20, 30)):
        window.check_night_window(moment)
        qtbot.wait(1)
        banner = window.night_banner
        assert banner.width() >= banner.fontMetrics().horizontalAdvance(banner.text())
        window.statusBar().grab().save(str(tmp_path / f"night-{moment:%H%M}.png"))
