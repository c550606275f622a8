"""The petition papers from the 증명·민원 tab: the 접수증 comes out right after intake (setting on) and again from
the list (Ctrl+Shift+J, marked 재발행); the 보완요구서 and the 처리결과 통지서 from the list; the decision dialog asks
for the refusal's reason that the notice prints."""

from __future__ import annotations

from pypdf import PdfReader

from app.services import petitions as pets


def _text(path) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_papers_from_the_petition_page(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").petitions
    assert page is not None
    page.type.setCurrentIndex(page.type.findData("info_disclosure"))
    page.name.setText("김지연")
    page.phone.setText("010-5555-1111")
    page.take()
    assert page.last_paper is not None
    slip = _text(page.last_paper)
    view = pets.list_petitions(ctx.uow(), ctx.actor, status="all")[0]
    assert "민원 접수증" in slip and view.number in slip and "재발행" not in slip

    page.table.selectRow(0)
    assert page.petition_actions["print_intake"].shortcut().toString() == "Ctrl+Shift+J"
    page.petition_actions["print_intake"].trigger()
    assert "재발행 (1회)" in _text(page.last_paper)

    pets.request_supplement(ctx.uow(), ctx.actor, petition_id=view.id, note="신분증 사본 제출")
    page.refresh(select=view.id)
    page.run_action("print_supplement")
    assert "보완요구서" in _text(page.last_paper) and "신분증 사본 제출" in _text(page.last_paper)

    pets.receive_supplement(ctx.uow(), ctx.actor, petition_id=view.id)
    page.refresh(select=view.id)
    page.run_action("decide")
    assert page.dialog is not None and "decision_reason" in page.dialog.fields
    page.dialog.reject()
    pets.decide_petition(
        ctx.uow(), ctx.actor, petition_id=view.id, decision="불가", decision_reason="비공개 대상 정보(제9조 제1항)"
    )
    page.filter_status.setCurrentIndex(page.filter_status.findData("all"))  # a decided petition is not open
    page.refresh(select=view.id)
    page.run_action("print_result")
    notice = _text(page.last_paper)
    assert "처리결과 통지서" in notice and "비공개 대상 정보" in notice and "행정심판" in notice


def test_no_slip_when_the_setting_is_off(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    ctx.app.settings.set("petition_slip_auto", False)
    page = window.show_tab("counter").petitions
    assert page is not None
    page.type.setCurrentIndex(page.type.findData("info_disclosure"))
    page.name.setText("박민수")
    page.take()
    assert "접수했습니다" in page.status.text() and page.last_paper is None
