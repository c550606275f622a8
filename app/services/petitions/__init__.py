"""Time-limited petitions (유기한 민원): intake, the workflow to the legal deadline, the clerk's work list,
status notices and office closures.

The use cases live in one module per job, all on ``records`` (loading, deadline, views):
``catalog`` (types, departments), ``intake``, ``workflow`` (every transition), ``lists`` (work list, detail),
``status_notices`` and ``closures``. The rules themselves are in ``app.domain.petition_rules``; the values
returned in ``app.views.petitions``. This package re-exports the names callers use.
"""

from __future__ import annotations

from app.domain.petition_rules import (
    ACTION_LABELS,
    CLOSE_REASONS,
    DECISIONS,
    EXTENSION_NOTICE_METHODS,
    NOTIFY_METHODS,
    OPEN_STATUSES,
    STATUS_LABELS,
    STATUS_NOTICE_METHODS,
    workflow_rules,
)
from app.services.petitions.catalog import CHOSEN_AT_INTAKE, department_choices, petition_types
from app.services.petitions.closures import add_closure, list_closures, remove_closure
from app.services.petitions.intake import PETITION_SERIES, intake_petition, petition_number
from app.services.petitions.lists import get_petition, list_petitions
from app.services.petitions.records import closure_days, compute_due
from app.services.petitions.slips import petition_paper, print_petition_paper
from app.services.petitions.status_notices import record_status_notice, status_notices_due
from app.services.petitions.workflow import (
    close_petition,
    decide_petition,
    extend_petition,
    notify_petition,
    receive_supplement,
    request_supplement,
    start_processing,
    transfer_petition,
)
from app.views.petitions import (
    ClosureView,
    EventView,
    PetitionDetail,
    PetitionTypeView,
    PetitionView,
    StatusNoticeTodo,
)

__all__ = [
    "ACTION_LABELS",
    "CHOSEN_AT_INTAKE",
    "CLOSE_REASONS",
    "DECISIONS",
    "EXTENSION_NOTICE_METHODS",
    "NOTIFY_METHODS",
    "OPEN_STATUSES",
    "PETITION_SERIES",
    "STATUS_LABELS",
    "STATUS_NOTICE_METHODS",
    "ClosureView",
    "EventView",
    "PetitionDetail",
    "PetitionTypeView",
    "PetitionView",
    "StatusNoticeTodo",
    "add_closure",
    "close_petition",
    "closure_days",
    "compute_due",
    "decide_petition",
    "department_choices",
    "extend_petition",
    "get_petition",
    "intake_petition",
    "list_closures",
    "list_petitions",
    "notify_petition",
    "petition_number",
    "petition_paper",
    "petition_types",
    "print_petition_paper",
    "receive_supplement",
    "record_status_notice",
    "remove_closure",
    "request_supplement",
    "start_processing",
    "status_notices_due",
    "transfer_petition",
    "workflow_rules",
]
