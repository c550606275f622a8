"""A refusal is its own exception class; a bare ValueError is a bug whatever its text says (issue 11, "Errors by
code"): the refusal is shown as a message where it happened, the bug goes to the bug dialog and the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget

from app.services.errors import RuleViolation, ValidationError
from ui import ops
from ui.errors import FieldError, message_for, show_error
from ui.tabs.family_fields import PersonFields
from ui.tabs.welfare_household import HouseholdModel, PersonRow, parse_birth_date


def _boxes(widget: QWidget) -> list[QMessageBox]:
    return [b for b in widget.window().findChildren(QMessageBox) if b.objectName() == "errorBox" and b.isVisible()]


def test_refusal_classes_are_messages_and_a_bare_value_error_is_a_bug() -> None:
    refusals = (ValidationError("성명을 입력하세요."), RuleViolation("이미 교부했습니다."), FieldError("없는 날짜"))
    for refusal in refusals:
        assert message_for(refusal) == (refusal.message, False)
    assert isinstance(FieldError("x"), ValueError)  # the screens' own ``except ValueError`` keep catching it
    # Korean text does not make a ValueError a refusal any more: it came from code that forgot its class.
    text, is_bug = message_for(ValueError("처리기간 '3일'은(는) 1 이상이어야 합니다."))
    assert is_bug and "예상하지 못한 오류" in text and "처리기간" not in text
    assert message_for(KeyError("kind"))[1] and message_for(TypeError("x"))[1]


@pytest.mark.allow_log("ui.errors")
def test_a_bare_value_error_goes_to_the_bug_dialog_and_the_log(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        shown = show_error(parent, ValueError("근무일을 찾을 수 없습니다."))
    assert "기록 파일" in shown
    boxes = _boxes(parent)
    assert len(boxes) == 1 and boxes[0].windowTitle() == "오류" and boxes[0].icon() == QMessageBox.Icon.Critical
    assert [r.exc_info[1] for r in caplog.records if r.exc_info] and "근무일" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        show_error(parent, FieldError("생년월일 '2020-02-30'은(는) 없는 날짜입니다."))
    assert caplog.records == []  # a refusal is not logged as a bug
    assert [b.text() for b in _boxes(parent)][-1] == "생년월일 '2020-02-30'은(는) 없는 날짜입니다."


class _Dialog(ops.SubmitDialog):
    def __init__(self, problem: BaseException | None) -> None:
        super().__init__()
        self.problem = problem
        self.field = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        if self.problem is not None:
            raise self.problem
        return {"text": self.field.text()}


@pytest.mark.allow_log("ui.errors")
def test_a_dialog_shows_a_field_refusal_inside_and_a_bare_value_error_as_a_bug(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    sent: list[dict[str, Any]] = []
    refused = _Dialog(FieldError("날짜를 알아볼 수 없습니다."))
    qtbot.addWidget(refused)
    refused.set_submit(sent.append)
    refused.accept()
    assert refused.message.text() == "날짜를 알아볼 수 없습니다." and sent == [] and not _boxes(refused)
    assert refused.ok_button.isEnabled()  # the clerk corrects the field and confirms again

    broken = _Dialog(ValueError("a required date field cannot be empty"))
    qtbot.addWidget(broken)
    broken.set_submit(sent.append)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        broken.accept()
    assert broken.message.text() == "" and sent == []
    assert len(_boxes(broken)) == 1 and "required date field" in caplog.text


def test_the_screens_own_field_checks_raise_refusals(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FieldError, match="없는 날짜"):
        parse_birth_date("2020-02-30")
    with pytest.raises(FieldError, match="알아볼 수 없습니다"):
        parse_birth_date("어제")
    model = HouseholdModel([])
    model.set_people([PersonRow(name="김하나", birth="2021-13-01")])
    with pytest.raises(FieldError, match="1번째 사람"):
        model.people()
    person = PersonFields("신고인")
    qtbot.addWidget(person)
    person.rrn.edit.setText("901301-1234567")  # no 13th month
    with pytest.raises(FieldError, match="신고인의 주민등록번호"):
        person.value()
