"""The counter's passport intake form (여권 접수): the applicant, the passport and its fee, how they apply, the
documents ticked, the emergency-passport check and the payment.

The fee and the checklist follow every change of the form at once; the form gives its values as one
``ApplicationForm`` and never writes anything itself (the tab saves it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QFontMetrics, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import passport as pp
from app.domain.passport.emergency import EmergencyTarget
from app.domain.passport.status import REDUCED_CHOICES, REDUCED_NONE
from app.domain.romanize import romanize_name, split_korean_name
from app.formatting import date_time, number
from app.i18n import ntr
from app.services import passports as ps
from app.views.passport import ApplicationForm, EligibilityView
from ui import ops
from ui.context import UiContext
from ui.errors import message_for
from ui.i18n import language, tr
from ui.tabs.passport_fields import FeeDisplay, PassportChoice, chain, doc_box_text, group
from ui.tabs.passport_models import due_text
from ui.widgets import ResidentNumberEdit, counted_suffix

PROBLEM_KEY = "_problem"


def due_notice(target: EmergencyTarget) -> str:
    """What to tell the applicant when an emergency taken now is due on a later day: the domain's sentence in
    Korean (the counter's wording, ``11월 27일(금) 12:00``), the same sentence from the catalog in another."""
    if language() == "ko" or target.notice is None:
        return target.notice or ""
    return tr(
        "긴급여권 처리기한은 근무시간 {hours}시간입니다. 지금 접수하면 {due_at}까지 처리합니다.",
        hours=number(target.working_hours),
        due_at=date_time(target.due_at),
    )


class IntakeForm(QScrollArea):
    """The form in its scroll area; ``form`` is the page inside, ``exit_to`` the widget Tab goes to after it."""

    def __init__(
        self,
        ctx: UiContext,
        clock: Callable[[], datetime],
        *,
        report: Callable[[str], None],
        refused: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.report = report
        self.refused = refused
        self.exit_to: QWidget | None = None
        self.eligibility: EligibilityView | None = None
        self.due_target: EmergencyTarget | None = None
        self._due_minute = ""
        self._doc_boxes: dict[str, QCheckBox] = {}
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container, not a Tab stop that would eat a key
        # a fixed viewport width: with word-wrapped labels Qt would otherwise size the form for no scroll bar
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = QWidget(self)
        self.form.setObjectName("passportForm")
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 4, 0)
        # Word-wrapped labels make the scroll area trust heightForWidth and squeeze the rows; never below minimum.
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.addWidget(self._build_applicant())
        column.addWidget(self._build_passport())
        column.addWidget(self._build_method())
        self.docs_box, self.docs_form = group(tr("구비서류 확인 (Space로 표시)"), self.form)
        self.docs_box.setObjectName("documentsBox")
        self.photo = QCheckBox(tr("여권 사진 확인 (6개월 이내 촬영, 규격)"), self.docs_box)
        self.photo.setObjectName("photoChecked")
        self.docs_form.layout.addRow(self.photo)
        column.addWidget(self.docs_box)
        column.addWidget(self._build_emergency())
        column.addWidget(self._build_payment())
        column.addStretch(1)
        self.setWidget(self.form)

        self.rrn.changed.connect(self.update_form)
        self.name_edit.textChanged.connect(self._offer_roman_name)
        self.roman_name.textEdited.connect(self._roman_name_typed)
        self.choice.connect(self.update_form)
        self.applicant_kind.currentIndexChanged.connect(self.update_form)
        for box in (self.illness, self.valid_passport, self.name_changed):
            box.toggled.connect(self.update_form)
        self.check_button.clicked.connect(self.check_eligibility)

    # -- building -----------------------------------------------------------

    def _build_applicant(self) -> QWidget:
        box, form = group(tr("신청인"), self.form)
        self.name_edit = QLineEdit(box)
        self.name_edit.setObjectName("applicantName")
        self.name_edit.setToolTip(tr("새 신청 Ctrl+N · 긴급여권 Ctrl+E"))
        # when the clerk began this application: the night window lets one begun before its end be finished
        self.begun_at: datetime | None = None
        self.name_edit.textEdited.connect(self._begin)
        self.rrn = ResidentNumberEdit(box)
        self.phone = QLineEdit(box)
        self.phone.setObjectName("applicantPhone")
        self.phone.setPlaceholderText("010-0000-0000")
        self.address = QLineEdit(box)
        self.address.setObjectName("applicantAddress")
        self.roman_name = QLineEdit(box)
        self.roman_name.setObjectName("romanName")
        self.roman_name.setMaxLength(80)
        self.roman_name.setPlaceholderText("HONG GILDONG")
        self.roman_name.setToolTip(
            tr(
                "로마자 성명: 옛 여권이 있으면 그 표기 그대로 적으세요. 성명을 입력하면 표준 표기"
                "(국어의 로마자 표기법, 성은 여권에 흔히 쓰는 표기: 김 KIM, 이 LEE, 박 PARK)가 먼저 채워집니다."
            )
        )
        self._roman_typed = False
        self.sms = QCheckBox(tr("여권 도착을 문자로 알리는 데 동의함"), box)
        self.sms.setObjectName("smsConsent")
        self.age_label = QLabel("-", box)
        self.age_label.setObjectName("applicantAge")
        form.row(tr("성명"), self.name_edit)
        form.row(tr("주민등록번호"), self.rrn, focus=self.rrn.edit)
        form.row(tr("신청일 현재 만 나이"), self.age_label)
        form.row(tr("휴대전화"), self.phone)
        form.row(tr("주소"), self.address)
        form.row(tr("로마자 성명 (여권)"), self.roman_name)
        form.row("", self.sms)
        return box

    def _build_passport(self) -> QWidget:
        box, form = group(tr("여권과 수수료"), self.form)
        self.choice = PassportChoice(box, reduced_choices=REDUCED_CHOICES)
        self.choice.add_rows(form)
        self.reduced_reason = QLineEdit(box)
        self.reduced_reason.setObjectName("reducedReason")
        self.reduced_reason.setPlaceholderText(tr("예: 부친 사망, 모친 위독"))
        form.row(tr("감면 사유"), self.reduced_reason)
        self.fee_display = FeeDisplay(box)
        form.row(tr("수수료"), self.fee_display)
        self._fee_form = form.layout
        return box

    def _build_method(self) -> QWidget:
        box, form = group(tr("신청 방법"), self.form)
        self.applicant_kind = QComboBox(box)
        self.applicant_kind.setObjectName("whoApplies")
        self.applicant_kind.addItem(tr("본인이 직접 신청"), None)
        for relation in pp.PROXY_RELATIONS:
            self.applicant_kind.addItem(tr("대리 신청: {relation}", relation=relation), relation)
        self.proxy_name = QLineEdit(box)
        self.proxy_name.setObjectName("proxyName")
        self.illness = QCheckBox(tr("질병·장애로 본인이 올 수 없음"), box)
        self.illness.setObjectName("illness")
        self.valid_passport = QCheckBox(tr("유효기간이 남은 여권이 있음"), box)
        self.valid_passport.setObjectName("validPassport")
        self.name_changed = QCheckBox(tr("개명함"), box)
        self.name_changed.setObjectName("nameChanged")
        form.row(tr("신청하는 사람"), self.applicant_kind)
        form.row(tr("대리인 성명"), self.proxy_name)
        form.row("", self.illness)
        form.row("", self.valid_passport)
        form.row("", self.name_changed)
        self._method_form = form.layout
        return box

    def _build_emergency(self) -> QWidget:
        self.emergency_box, form = group(tr("긴급여권 (근무시간 3시간 처리)"), self.form)
        box = self.emergency_box
        box.setObjectName("emergencyBox")
        self.emergency_reason = QLineEdit(box)
        self.emergency_reason.setObjectName("emergencyReason")
        self.emergency_reason.setPlaceholderText(tr("긴급히 필요한 사유와 출국 일정"))
        self.identity_verified = QCheckBox(tr("신분증으로 본인임을 확인함"), box)
        self.identity_verified.setObjectName("identityVerified")
        self.losses_1y = QSpinBox(box)
        self.losses_1y.setObjectName("declaredLosses1y")
        self.losses_5y = QSpinBox(box)
        self.losses_5y.setObjectName("declaredLosses5y")
        for spin in (self.losses_1y, self.losses_5y):
            spin.setRange(0, 20)
            counted_suffix(spin, lambda n: ntr("회", "회", n))
        self.check_button = QPushButton(tr("자격 확인 (Ctrl+K)"), box)
        self.check_button.setObjectName("checkEligibility")
        self.eligibility_label = QLabel(box)
        self.eligibility_label.setObjectName("eligibilityResult")
        self.eligibility_label.setWordWrap(True)
        self.warning_label = QLabel(tr(pp.emergency_warning(self.clock())), box)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("background: #fff4e0; padding: 3px")
        self.warned = QCheckBox(tr("위 내용을 신청인에게 안내함"), box)
        self.warned.setObjectName("destinationWarned")
        self.due_note = QLabel(box)
        self.due_note.setObjectName("emergencyDue")
        self.due_note.setWordWrap(True)
        form.row(tr("처리 기한"), self.due_note)
        form.row(tr("긴급 사유"), self.emergency_reason)
        form.row("", self.identity_verified)
        form.row(tr("최근 1년 분실 (답변)"), self.losses_1y)
        form.row(tr("최근 5년 분실 (답변)"), self.losses_5y)
        form.layout.addRow(self.check_button, self.eligibility_label)
        form.row(tr("도착국 안내"), self.warning_label)
        form.row("", self.warned)
        return box

    def _build_payment(self) -> QWidget:
        box, form = group(tr("수납"), self.form)
        self.payment = QComboBox(box)
        self.payment.setObjectName("paymentMethod")
        # the label in the UI language, the method the service takes (and the form compares) as the item's data
        self.payment.addItem(tr("카드"), "카드")
        self.payment.addItem(tr("현금"), "현금")
        # 받은 금액 for cash (the receipt shows the change), the terminal's approval number for a card.
        self.received = QLineEdit(box)
        self.received.setObjectName("passportReceived")
        self.received.setPlaceholderText(tr("받은 금액 (원, 선택)"))
        self.received.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9,]{0,12}"), self.received))
        self.approval = QLineEdit(box)
        self.approval.setObjectName("passportApproval")
        self.approval.setPlaceholderText(tr("카드 승인번호 (선택)"))
        self.approval.setMaxLength(40)
        self.payment.currentIndexChanged.connect(self._payment_changed)
        self.save_button = QPushButton(tr("접수·수납 (Ctrl+S)"), box)
        self.save_button.setObjectName("saveApplication")
        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("새 신청 (Ctrl+N)"), box)
        self.loss_button = QPushButton(tr("분실 신고 (Ctrl+L)"), box)
        self.loss_button.setObjectName("lossReportButton")
        self.print_button = QPushButton(tr("구비서류 출력 (Ctrl+P)"), box)
        self.print_button.setObjectName("printChecklist")
        for button in (self.new_button, self.loss_button, self.print_button):
            buttons.addWidget(button)
        form.row(tr("결제 수단"), self.payment)
        form.row(tr("받은 금액"), self.received)
        form.row(tr("승인번호"), self.approval)
        self._payment_changed()
        form.layout.addRow(self.save_button)
        form.layout.addRow(buttons)
        self.loss_button.setVisible(self.ctx.can("passport.loss_report"))
        return box

    def _payment_changed(self) -> None:
        cash = self.payment.currentData() == "현금"
        self.received.setEnabled(cash)
        self.approval.setEnabled(not cash)
        (self.approval if cash else self.received).clear()

    def cash_received(self) -> int | None:
        digits = self.received.text().replace(",", "").strip()
        return int(digits) if digits.isascii() and digits.isdigit() else None

    # -- what the form says -------------------------------------------------

    def _begin(self, *_args: object) -> None:
        if self.begun_at is None:
            self.begun_at = self.clock()

    def _offer_roman_name(self, name: str) -> None:
        """The standard romanisation of the name, until the clerk types the old passport's spelling."""
        if self._roman_typed:
            return
        try:
            surname, given = split_korean_name(name)
            offered = romanize_name(surname, given).full if surname else ""
        except ValueError:
            offered = ""
        self.roman_name.setText(offered)

    def _roman_name_typed(self, text: str) -> None:
        # emptied to type the old passport's spelling: stays empty (a later change of the name offers again)
        self._roman_typed = bool(text.strip())

    def age(self) -> int | None:
        parsed = self.rrn.parsed()
        if parsed is None:
            return None
        try:
            return pp.age_at(parsed.birth_date, self.clock())
        except ValueError:
            return None

    def situation(self, age: int) -> pp.ApplicantSituation:
        parsed = self.rrn.parsed()
        relation = self.applicant_kind.currentData()
        kind = self.choice.kind_code()
        return pp.ApplicantSituation(
            age=age,
            sex=parsed.sex if parsed else "M",
            applying_in_person=relation is None,
            proxy_relation=relation,
            illness_or_disability=self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            emergency=kind == pp.KIND_EMERGENCY,
            reduced_fee_claim=kind == pp.KIND_EMERGENCY and self.choice.reduced_code() != REDUCED_NONE,
            birth_year=parsed.birth_date.year if parsed else None,
        )

    def is_emergency(self) -> bool:
        return self.choice.kind_code() == pp.KIND_EMERGENCY

    def update_form(self) -> None:
        """Show the rows, the fee and the documents that the form's answers call for."""
        age = self.age()
        self.age_label.setText("-" if age is None else tr("만 {age}세", age=number(age)))
        self.choice.update_for(age)
        emergency = self.is_emergency()
        self.emergency_box.setVisible(emergency)
        if emergency:
            self.show_due()
        self._fee_form.setRowVisible(self.reduced_reason, emergency and self.choice.reduced_code() != REDUCED_NONE)
        proxy = self.applicant_kind.currentData() is not None
        self._method_form.setRowVisible(self.proxy_name, proxy)
        self._method_form.setRowVisible(self.illness, proxy)
        self.eligibility = None
        self.eligibility_label.setText("")
        if age is None:
            self.fee_display.show_problem(tr("주민등록번호를 입력하면 나이에 맞는 수수료가 나옵니다."))
            self._set_documents([])
            return
        now = self.clock()
        try:
            self.fee_display.show_fee(ps.quote_fee(self.ctx.actor, self.choice.request(age), applied_at=now))
        except Exception as exc:  # noqa: BLE001 - a refusal is shown where the fee would be
            self.fee_display.show_problem(message_for(exc)[0])
        try:
            items = ps.checklist(self.ctx.actor, self.situation(age), on=now)
        except Exception as exc:  # noqa: BLE001 - a situation the rules do not allow: say so in the box
            self._set_documents([], problem=message_for(exc)[0])
        else:
            self._set_documents(pp.documents_to_check(items))

    def _set_documents(self, items: Sequence[pp.ChecklistItem], *, problem: str = "") -> None:
        ticked = {key for key, box in self._doc_boxes.items() if box.isChecked()}
        for box in self._doc_boxes.values():
            self.docs_form.layout.removeRow(box)
        self._doc_boxes = {}
        if problem:
            label = QCheckBox(problem, self.docs_box)
            label.setEnabled(False)
            label.setStyleSheet("color: #b00020")
            self.docs_form.layout.addRow(label)
            self._doc_boxes[PROBLEM_KEY] = label
        for item in items:
            box = QCheckBox(self.docs_box)
            box.setText(doc_box_text(item, QFontMetrics(box.font())))
            box.setObjectName(f"doc_{item.key}")
            box.setToolTip(f"{tr(item.text)}\n{tr(item.why)}")
            box.setChecked(item.key in ticked)
            self.docs_form.layout.addRow(box)
            box.show()  # the layout would show it only from the event loop; Tab must find it at once
            self._doc_boxes[item.key] = box
        self.fix_tab_order()

    def fix_tab_order(self) -> None:
        docs = [box for key, box in self._doc_boxes.items() if key != PROBLEM_KEY]
        chain(
            [
                self.name_edit,
                self.rrn.edit,
                self.phone,
                self.address,
                self.roman_name,
                self.sms,
                self.choice.kind,
                self.choice.validity,
                self.choice.pages,
                self.choice.reduced,
                self.reduced_reason,
                self.applicant_kind,
                self.proxy_name,
                self.illness,
                self.valid_passport,
                self.name_changed,
                self.photo,
                *docs,
                self.emergency_reason,
                self.identity_verified,
                self.losses_1y,
                self.losses_5y,
                self.check_button,
                self.warned,
                self.payment,
                self.received,
                self.approval,
                self.save_button,
                self.new_button,
                self.loss_button,
                self.print_button,
                *([self.exit_to] if self.exit_to is not None else []),
            ]
        )

    def field_widgets(self) -> dict[str, QWidget | None]:
        """The form's widgets by the names of ``ApplicationForm`` (a refusal's ``field`` puts the focus there)."""
        fields: dict[str, QWidget | None] = {
            "name": self.name_edit,
            "roman_name": self.roman_name,
            "resident_number": self.rrn.edit,
            "phone": self.phone,
            "address": self.address,
            "sms_consent": self.sms,
            "kind": self.choice.kind,
            "validity_years": self.choice.validity,
            "pages": self.choice.pages,
            "reduced_fee": self.choice.reduced,
            "reduced_reason": self.reduced_reason,
            "applying_in_person": self.applicant_kind,
            "proxy_relation": self.applicant_kind,
            "proxy_name": self.proxy_name,
            "photo_checked": self.photo,
            "emergency_reason": self.emergency_reason,
            "identity_verified": self.identity_verified,
            "destination_warned": self.warned,
            "payment_method": self.payment,
            "cash_received": self.received,
            "approval_no": self.approval,
        }
        docs = [box for key, box in self._doc_boxes.items() if key != PROBLEM_KEY]
        fields["documents_checked"] = docs[0] if docs else None
        fields.update({f"documents_checked.{key}": box for key, box in self._doc_boxes.items() if key != PROBLEM_KEY})
        return fields

    def values(self) -> ApplicationForm:
        kind = self.choice.kind_code()
        relation = self.applicant_kind.currentData()
        request = self.choice.request(self.age() or 0)
        return ApplicationForm(
            name=self.name_edit.text(),
            resident_number=self.rrn.value() or self.rrn.edit.text(),
            kind=kind,
            validity_years=request.validity_years,
            pages=request.pages,
            phone=self.phone.text(),
            address=self.address.text(),
            sms_consent=self.sms.isChecked(),
            photo_checked=self.photo.isChecked(),
            documents_checked=tuple(k for k, b in self._doc_boxes.items() if b.isChecked() and k != PROBLEM_KEY),
            applying_in_person=relation is None,
            proxy_name=self.proxy_name.text() if relation else "",
            proxy_relation=relation,
            illness_or_disability=bool(relation) and self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            payment_method=str(self.payment.currentData()),
            cash_received=self.cash_received(),
            approval_no=self.approval.text().strip(),
            emergency_reason=self.emergency_reason.text(),
            identity_verified=self.identity_verified.isChecked(),
            declared_losses_1y=self.losses_1y.value(),
            declared_losses_5y=self.losses_5y.value(),
            destination_warned=self.warned.isChecked(),
            reduced_fee=self.choice.reduced_code() if kind == pp.KIND_EMERGENCY else REDUCED_NONE,
            reduced_reason=self.reduced_reason.text(),
            roman_name=self.roman_name.text(),
        )

    def clear(self) -> None:
        self._roman_typed = False
        self.begun_at = None
        for edit in (
            self.name_edit,
            self.roman_name,
            self.phone,
            self.address,
            self.proxy_name,
            self.reduced_reason,
            self.emergency_reason,
            self.received,
            self.approval,
        ):
            edit.clear()
        self.rrn.clear()
        for box in (self.sms, self.illness, self.valid_passport, self.name_changed, self.photo):
            box.setChecked(False)
        for box in (self.identity_verified, self.warned):
            box.setChecked(False)
        self.losses_1y.setValue(0)
        self.losses_5y.setValue(0)
        self.applicant_kind.setCurrentIndex(0)
        self.choice.reset()
        for box in self._doc_boxes.values():
            box.setChecked(False)
        self.update_form()
        self.name_edit.setFocus()

    def make_emergency(self) -> None:
        """The form becomes an emergency application (keeping the applicant already typed)."""
        self.choice.kind.setCurrentIndex(self.choice.kind.findData(pp.KIND_EMERGENCY))
        self.update_form()
        target = self.name_edit if not self.name_edit.text().strip() else self.emergency_reason
        target.setFocus()

    # -- the emergency check ------------------------------------------------

    def show_due(self) -> None:
        """When a case taken now will be due, from the service (3 working hours, office closures counted): after
        17:00 and at the night window that is the next working day, and the form says so plainly."""
        now = self.clock()
        minute = f"{now:%Y%m%d%H%M}"
        if minute == self._due_minute:
            return
        self._due_minute = minute
        ctx = self.ctx

        def done(target: EmergencyTarget) -> None:
            self.due_target = target
            if target.notice:
                self.due_note.setStyleSheet("background: #ffe0b2; color: #7a2e00; font-weight: bold; padding: 3px")
                self.due_note.setText(due_notice(target))
            else:
                self.due_note.setStyleSheet("font-weight: bold")
                self.due_note.setText(tr("지금 접수하면 {due_at}까지 처리합니다.", due_at=due_text(target.due_at)))

        def failed(exc: BaseException) -> None:
            self._due_minute = ""
            self.due_note.setStyleSheet("color: #b00020")
            self.due_note.setText(message_for(exc)[0])

        ops.run(
            self,
            ctx,
            lambda: ps.emergency_target(ctx.uow(), ctx.actor, now=now),
            done=done,
            refused=failed,
            background=True,
        )

    def check_eligibility(self) -> None:
        """자격 확인: the emergency-passport check on the recorded losses, before any payment."""
        if not self.is_emergency():
            self.report(tr("긴급여권 신청에서만 자격을 확인합니다 (Ctrl+E)."))
            return
        values = self.values()
        ctx, now = self.ctx, self.clock()

        def done(result: EligibilityView) -> None:
            self.eligibility = result
            if result.eligible:
                self.eligibility_label.setStyleSheet("color: #1b5e20; font-weight: bold")
                self.eligibility_label.setText(
                    tr("발급 가능 (기록된 분실 {losses}건)", losses=number(result.recorded_losses))
                )
            else:
                self.eligibility_label.setStyleSheet("color: #b00020; font-weight: bold")
                self.eligibility_label.setText("\n".join([tr("발급 불가"), *(tr(reason) for reason in result.reasons)]))
            self.report(self.eligibility_label.text().splitlines()[0])

        ops.run(
            self,
            ctx,
            lambda: ps.check_emergency_eligibility(
                ctx.uow(),
                ctx.actor,
                resident_number=values.resident_number,
                identity_verified=values.identity_verified,
                reason=values.emergency_reason,
                declared_losses_1y=values.declared_losses_1y,
                declared_losses_5y=values.declared_losses_5y,
                now=now,
            ),
            done=done,
            refused=self.refused,
        )
