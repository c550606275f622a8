"""Family-registration filings (가족관계등록 신고): intake checked as a registrar would, numbering, result SMS.

A filing is validated completely before anything is written, then stored with its people (resident
numbers only through applicants, encrypted), a filing number unique per office and year, an audit entry
and a receipt where the kind has a fee. Processing it (처리완료/불수리) queues the result SMS in the same
transaction when the filer consented.

Kind-specific particulars travel in ``FilingInput.details`` (plain values; dates as ``date`` or ISO text):

- 출생 ``birth``: ``child_surname``, ``child_given``, ``child_hanja`` (optional), ``sex`` (남/여),
  ``birth_time`` (HH:MM), ``birth_place``, ``in_wedlock`` (default True), ``certificate_attached``,
  ``substitute_document`` (when no 출생증명서), ``birth_order`` (1 = 첫째); ``event_date`` is the birth;
  persons ``mother`` and (in wedlock) ``father``.
- 사망 ``death``: ``death_date``, ``death_time`` (optional), ``death_place``, ``proof`` (진단서/검안서/보증);
  ``event_date`` is the day the filer learned of it; persons ``deceased``, ``guarantor1``/``guarantor2``
  when proven by guarantors.
- 혼인 ``marriage``: persons ``spouse1``, ``spouse2``, ``witness1``, ``witness2``; ``parental_consent``
  for a spouse under age. No deadline: the filing day is the event.
- 이혼 ``divorce_consent`` / ``divorce_judicial``: persons ``spouse1``, ``spouse2``; ``court``,
  ``case_number`` (optional), ``served_on`` (judgments only, optional: the day of service of a judgment
  final before it, 가족관계등록법 제37조②); ``event_date`` is the receipt of the confirmation / the day the judgment
  became final.
- 개명 ``name_change``: person ``person`` (the current name), ``new_name``, ``new_hanja`` (optional),
  ``court``; ``event_date`` is the receipt of the court's permission.
- every other kind: person ``person`` (resident number optional), ``description``.

The package, by job: ``common`` (labels, the form's choices, loading a filing and its view), ``checks``
(validation), ``intake`` (file_filing), ``results`` (process_filing and the SMS), ``queries`` (get and list)
and ``guidance`` (the guidance sheet and the 복지 조회 household). This module re-exports their names.
"""

from __future__ import annotations

from app.services.family.common import (
    DEATH_PROOFS,
    FORM_OTHER,
    FORMS,
    OUTCOMES,
    PERMISSION,
    RECORD_TYPE,
    ROLE_LABELS,
    SERIES,
    SEXES,
    STATUS_LABELS,
    counted_from,
    counts_from_judgment,
    filer_options,
    form_of,
    has_deadline,
    kind_choices,
    party_filer_role,
    preview_assessment,
)
from app.services.family.guidance import guidance_sheet, print_guidance, welfare_household
from app.services.family.intake import file_filing, filing_number
from app.services.family.queries import get_filing, list_filings
from app.services.family.results import process_filing, result_message
from app.views.family import AssessmentView, FilingInput, FilingView, GuidanceSheet, PartyView, PersonInput

__all__ = [
    "DEATH_PROOFS",
    "FORMS",
    "FORM_OTHER",
    "OUTCOMES",
    "PERMISSION",
    "RECORD_TYPE",
    "ROLE_LABELS",
    "SERIES",
    "SEXES",
    "STATUS_LABELS",
    "AssessmentView",
    "FilingInput",
    "FilingView",
    "GuidanceSheet",
    "PartyView",
    "PersonInput",
    "counted_from",
    "counts_from_judgment",
    "file_filing",
    "filer_options",
    "filing_number",
    "form_of",
    "get_filing",
    "guidance_sheet",
    "has_deadline",
    "kind_choices",
    "list_filings",
    "party_filer_role",
    "preview_assessment",
    "print_guidance",
    "process_filing",
    "result_message",
    "welfare_household",
]
