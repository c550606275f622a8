"""Benefit look-up (복지 조회): evaluate the benefit catalog's data rules for a household on a date.

Every figure, age limit and deadline comes from ``resources/data/benefits.toml``; this module only
knows how to read the rule types. Each answer (``BenefitAnswer``) says 대상 / 비대상 / 확인 필요,
gives the amount in won where one can be computed, and lists the rules that decided, in Korean, so
that the counter gives the same answer every time and can print why.

Ages (the ``basis`` of an age rule):

- ``years``: 만 나이, full years (``identity.full_years``); a 29 February birthday counts on 1 March.
- ``months``: full months (``age_in_months``): a child is n months old from the same-numbered day n
  months after the birth, or from the 1st of the following month where that day does not exist
  (born 31 January: 1 month old on 1 March). This matches the civil code's month arithmetic with the
  day of birth counted (민법 제158·160조).
- ``calendar_months``: the calendar month counted from the birth month as month 0
  (``months_since_birth_month``). Monthly cash benefits are paid by month, so "under 8" means up to
  the month before the month of the 8th birthday (months 0..95): a child born 15 March 2018 is paid
  for February 2026 and not for March 2026, even before the birthday on the 15th.

Verdicts: a rule that fails makes the answer 비대상; missing data (no birth date, no birth order) or a
condition we cannot check (daycare use, income) makes it 확인 필요, with what to check; otherwise
대상. ``verified`` is false when an unverified part of the catalog decided the verdict or the amount;
every unverified part shown is also named in the reasons.

The package, by job: ``catalog`` reads and checks the data file; ``values`` holds what goes in and out;
``ages`` the month arithmetic; ``rules`` tests each rule type on a subject; ``amounts`` works out the
figures; ``answers`` puts verdict, amount, deadline and reasons together; ``lookup`` is the public face.
This module only re-exports those names for callers.
"""

from __future__ import annotations

from app.domain.benefits.ages import (
    age_in_months,
    date_of_age_months,
    date_of_age_years,
    months_since_birth_month,
)
from app.domain.benefits.catalog import AUDIENCE_ALL, BenefitCatalogError, catalog_problems, catalog_version
from app.domain.benefits.lookup import benefits_for_event, describe_benefit, match_benefits, search_benefits
from app.domain.benefits.values import (
    VERDICT_CHECK,
    VERDICT_ELIGIBLE,
    VERDICT_NOT_ELIGIBLE,
    VERDICTS,
    BenefitAnswer,
    BenefitInfo,
    Household,
    LifeEvent,
    Person,
)

__all__ = [
    "AUDIENCE_ALL",
    "VERDICTS",
    "VERDICT_CHECK",
    "VERDICT_ELIGIBLE",
    "VERDICT_NOT_ELIGIBLE",
    "BenefitAnswer",
    "BenefitCatalogError",
    "BenefitInfo",
    "Household",
    "LifeEvent",
    "Person",
    "age_in_months",
    "benefits_for_event",
    "catalog_problems",
    "catalog_version",
    "date_of_age_months",
    "date_of_age_years",
    "describe_benefit",
    "match_benefits",
    "months_since_birth_month",
    "search_benefits",
]
