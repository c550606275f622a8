"""Passport (여권) rules for the counter: fees by period, required documents, emergency passports, status.

Every figure (fees, contributions, age limits, the 3-hour target, habitual-loss thresholds, texts)
comes from ``resources/data/passport_fees.toml``, ``passport_documents.toml`` and ``passport_rules.toml``.
Times are timezone-aware; the date that picks a table is the date in Asia/Seoul. The rules live in one
module per job (``fees``, ``documents``, ``emergency``, ``keeping``, ``status``, on ``common``); this
package names them together for callers.
"""

from __future__ import annotations

from app.domain.passport.common import PassportRuleError
from app.domain.passport.documents import (
    PROXY_LEGAL_REP,
    PROXY_RELATIONS,
    PROXY_RELATIVE,
    PROXY_SPOUSE,
    ApplicantSituation,
    ChecklistItem,
    describe_situation,
    documents_to_check,
    required_documents,
)
from app.domain.passport.emergency import (
    Eligibility,
    emergency_due_at,
    emergency_eligibility,
    emergency_warning,
)
from app.domain.passport.fees import (
    KIND_EMERGENCY,
    KIND_LABELS,
    KIND_MULTIPLE,
    KIND_REMAINING,
    KIND_SHORT_MULTIPLE,
    KIND_SINGLE,
    KINDS,
    PassportFee,
    PassportOption,
    age_at,
    application_moment,
    passport_fee,
    validity_options,
)
from app.domain.passport.keeping import (
    KeepingRule,
    keeping_ends_on,
    keeping_rule,
    past_keeping_period,
    reduced_proof_due,
)

__all__ = [
    "KINDS",
    "KIND_EMERGENCY",
    "KIND_LABELS",
    "KIND_MULTIPLE",
    "KIND_REMAINING",
    "KIND_SHORT_MULTIPLE",
    "KIND_SINGLE",
    "PROXY_LEGAL_REP",
    "PROXY_RELATIONS",
    "PROXY_RELATIVE",
    "PROXY_SPOUSE",
    "ApplicantSituation",
    "ChecklistItem",
    "Eligibility",
    "KeepingRule",
    "PassportFee",
    "PassportOption",
    "PassportRuleError",
    "age_at",
    "application_moment",
    "describe_situation",
    "documents_to_check",
    "emergency_due_at",
    "emergency_eligibility",
    "emergency_warning",
    "keeping_ends_on",
    "keeping_rule",
    "passport_fee",
    "past_keeping_period",
    "reduced_proof_due",
    "required_documents",
    "validity_options",
]
