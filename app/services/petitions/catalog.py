"""The petition types and departments the intake and transfer forms offer (from the catalog in force)."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.petitions import PetitionType, list_petition_types
from app.views.petitions import PetitionTypeView

# The catalog's department for types whose department is chosen at intake.
CHOSEN_AT_INTAKE = "소관부서"


def type_view(t: PetitionType) -> PetitionTypeView:
    return PetitionTypeView(
        t.code, t.name, t.period, t.department, t.basis, t.verified, t.department == CHOSEN_AT_INTAKE
    )


def petition_types(*, on: date | datetime | None = None) -> list[PetitionTypeView]:
    """The catalog for the intake form."""
    return [type_view(t) for t in list_petition_types(on=on)]


def department_choices(*, on: date | datetime | None = None) -> list[str]:
    """Departments a petition can be assigned or transferred to (the catalog's, sorted)."""
    return sorted({t.department for t in list_petition_types(on=on)} - {CHOSEN_AT_INTAKE})
