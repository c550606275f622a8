"""Passports (여권): intake with fee and documents, status to delivery, loss reports, emergency passports, refunds.

Every call authorises first (the guide assistant may only quote fees and print checklists), writes in one
unit of work with its audit entry, and refuses an out-of-order step with a Korean message. Money goes
through ``write_receipt`` (two lines: 발급수수료 and 국제교류기여금); a reduced emergency fee proved later is
paid back as a refund record beside the untouched receipt (see ``apply_reduced_fee_with_proof``).

One module per job, on a common floor (``records``): ``intake``, ``guidance`` (fees and checklists without a
person), ``status`` (steps and delivery), ``losses`` (loss reports and the emergency check), ``refunds`` and
``queries``. This package names them together for callers.
"""

from __future__ import annotations

from app.domain.passport.documents import describe_situation, documents_to_check
from app.domain.passport.status import (
    ARRIVED,
    COLLECTOR_SELF,
    DELIVERED,
    PRODUCTION,
    RECEIVED,
    REDUCED_CHOICES,
    REDUCED_LATER,
    REDUCED_NONE,
    REDUCED_WITH_PROOF,
    REFUND_METHODS,
    REVIEW,
    STATUS_LABELS,
    STATUSES,
    mask_name,
    next_status,
)
from app.services.passports.guidance import checklist, prepare_checklist_sheet, print_checklist, quote_fee
from app.services.passports.intake import take_application
from app.services.passports.losses import check_emergency_eligibility, list_loss_reports, record_loss_report
from app.services.passports.queries import (
    emergency_target,
    get_application,
    list_applications,
    list_uncollected,
    open_emergencies,
)
from app.services.passports.records import (
    APPLICATION_SERIES,
    CONTRIBUTION_ITEM,
    FEE_ITEM,
    LOSS_SERIES,
    RECORD_TYPE,
)
from app.services.passports.refunds import apply_reduced_fee_with_proof, claim_reduced_fee_later, list_refunds
from app.services.passports.status import advance_application, deliver_passport
from app.views.passport import (
    ApplicationForm,
    ApplicationView,
    ChecklistSheet,
    EligibilityView,
    EmergencyCountdown,
    FeeRequest,
    LossReportView,
    RefundView,
    UncollectedView,
)

__all__ = [
    "APPLICATION_SERIES",
    "ARRIVED",
    "COLLECTOR_SELF",
    "CONTRIBUTION_ITEM",
    "DELIVERED",
    "FEE_ITEM",
    "LOSS_SERIES",
    "PRODUCTION",
    "RECEIVED",
    "RECORD_TYPE",
    "REDUCED_CHOICES",
    "REDUCED_LATER",
    "REDUCED_NONE",
    "REDUCED_WITH_PROOF",
    "REFUND_METHODS",
    "REVIEW",
    "STATUSES",
    "STATUS_LABELS",
    "ApplicationForm",
    "ApplicationView",
    "ChecklistSheet",
    "EligibilityView",
    "EmergencyCountdown",
    "FeeRequest",
    "LossReportView",
    "RefundView",
    "UncollectedView",
    "advance_application",
    "apply_reduced_fee_with_proof",
    "check_emergency_eligibility",
    "checklist",
    "claim_reduced_fee_later",
    "deliver_passport",
    "describe_situation",
    "documents_to_check",
    "get_application",
    "list_applications",
    "list_loss_reports",
    "list_refunds",
    "emergency_target",
    "list_uncollected",
    "mask_name",
    "next_status",
    "open_emergencies",
    "prepare_checklist_sheet",
    "print_checklist",
    "quote_fee",
    "record_loss_report",
    "take_application",
]
