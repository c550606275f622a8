"""Demo data for the 가족관계등록 tab: four months of filings in the 2021 mix, some late, most processed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from app.domain.calendar import SEOUL
from app.services import family as fam
from app.services.demo import GIVEN, SURNAMES, DemoRun, random_rrn

# 2021 counts from the work plan: 출생 1,976 · 사망 2,368 · 혼인 1,241 · 이혼 458 · 개명 903 · 기타 3,252.
_MIX = (
    ("birth", 1976),
    ("death", 2368),
    ("marriage", 1241),
    ("divorce_consent", 330),
    ("divorce_judicial", 128),
    ("name_change", 903),
    ("other", 3252),
)
_PLACES = ("고려대학교 안암병원", "성북우리아이들병원", "서울특별시 성북구 보문로 168", "자택")
_COURTS = ("서울가정법원", "서울북부지방법원")
_OTHERS = (
    ("correction", "등록부 정정: 출생연월일 오기 정정 (법원 허가 재판서 첨부)"),
    ("acknowledgment", "임의인지: 혼인 외 출생자를 부가 인지"),
    ("adoption", "일반입양: 양친과 양자의 입양 합의, 증인 2명"),
)
_PER_DAY = (0, 2)


def _name(run: DemoRun, surname: str | None = None) -> str:
    return (surname or run.rng.choice(SURNAMES)) + run.rng.choice(GIVEN)


def _person(run: DemoRun, *, born_from: int, born_to: int, surname: str | None = None) -> fam.PersonInput:
    return fam.PersonInput(_name(run, surname), random_rrn(run.rng, born_from=born_from, born_to=born_to))


def _input(run: DemoRun, kind: str, day: date) -> fam.FilingInput:
    """The filing with the filer's SMS consent (most filers give a mobile number)."""
    consent = run.rng.random() < 0.6
    return replace(_filing(run, kind, day), sms_consent=consent, sms_phone=run.phone() if consent else "")


def _filing(run: DemoRun, kind: str, day: date) -> fam.FilingInput:
    rng = run.rng
    late = rng.random() < 0.12
    if kind == "birth":
        father = _person(run, born_from=1982, born_to=1996)
        born = day - timedelta(days=rng.randint(32, 70) if late else rng.randint(3, 28))
        return fam.FilingInput(
            kind="birth",
            event_date=born,
            persons={"mother": _person(run, born_from=1985, born_to=1998), "father": father},
            filer_relation=rng.choice(["father", "mother", "mother"]),
            details={
                "child_surname": father.name[0],
                "child_given": rng.choice(GIVEN),
                "sex": rng.choice(fam.SEXES),
                "birth_time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                "birth_place": rng.choice(_PLACES[:2]),
                "certificate_attached": True,
                "birth_order": rng.choice([1, 1, 1, 2, 2, 3]),
            },
        )
    if kind == "death":
        learned = day - timedelta(days=rng.randint(33, 90) if late else rng.randint(0, 20))
        return fam.FilingInput(
            kind="death",
            event_date=learned,
            persons={"deceased": _person(run, born_from=1930, born_to=1960)},
            filer_relation=rng.choice(["cohabiting_relative", "cohabiting_relative", "relative"]),
            filer=fam.PersonInput(_name(run), random_rrn(run.rng, born_from=1955, born_to=1990), run.phone()),
            details={
                "death_date": learned - timedelta(days=rng.randint(0, 1)),
                "death_place": rng.choice(_PLACES),
                "proof": rng.choice(["진단서", "진단서", "검안서"]),
            },
            after_demand=late and rng.random() < 0.3,
            paid_now=late and rng.random() < 0.5,
        )
    if kind == "marriage":
        return fam.FilingInput(
            kind="marriage",
            persons={
                "spouse1": _person(run, born_from=1985, born_to=1998),
                "spouse2": _person(run, born_from=1986, born_to=2000),
                "witness1": _person(run, born_from=1955, born_to=1975),
                "witness2": _person(run, born_from=1955, born_to=1975),
            },
            filer_relation=rng.choice(["spouse1", "spouse2"]),
        )
    if kind in ("divorce_consent", "divorce_judicial"):
        days_back = rng.randint(1, 85) if kind == "divorce_consent" else rng.randint(1, 25)
        return fam.FilingInput(
            kind=kind,
            event_date=day - timedelta(days=days_back),
            persons={
                "spouse1": _person(run, born_from=1965, born_to=1990),
                "spouse2": _person(run, born_from=1967, born_to=1992),
            },
            filer_relation=rng.choice(["spouse1", "spouse2"]),
            details={"court": _COURTS[0], "case_number": f"{day.year}호{rng.randint(1000, 9999)}"},
        )
    if kind == "name_change":
        person = _person(run, born_from=1960, born_to=2005)
        new_name = person.name[0] + rng.choice([g for g in GIVEN if person.name[1:] != g])
        return fam.FilingInput(
            kind="name_change",
            event_date=day - timedelta(days=rng.randint(34, 60) if late else rng.randint(1, 25)),
            persons={"person": person},
            filer_relation="self",
            details={"new_name": new_name, "court": rng.choice(_COURTS)},
        )
    code, description = rng.choice(_OTHERS)
    return fam.FilingInput(
        kind=code,
        event_date=day - timedelta(days=rng.randint(1, 20)) if code == "correction" else None,
        persons={"person": fam.PersonInput(_name(run))},
        filer_relation="other_filer" if code == "adoption" else "self",
        filer=fam.PersonInput(_name(run), random_rrn(run.rng, born_from=1960, born_to=1990))
        if code == "adoption"
        else None,
        details={"description": description},
    )


def demo_step(run: DemoRun) -> None:
    """About one filing a working day for four months; filings older than two days are decided."""
    kinds = [kind for kind, _ in _MIX]
    weights = [weight for _, weight in _MIX]
    made = 0
    cutoff = datetime.combine(run.today - timedelta(days=2), datetime.min.time(), SEOUL)
    with run.db.uow() as uow:
        for day_start in run.working_moments(120):
            for moment in sorted(run.random_moment(day_start) for _ in range(run.rng.randint(*_PER_DAY))):
                kind = run.rng.choices(kinds, weights)[0]
                clerk = run.clerk()
                view = fam.file_filing(uow, clerk, _input(run, kind, moment.astimezone(SEOUL).date()), now=moment)
                made += 1
                if moment < cutoff:
                    refused = run.rng.random() < 0.04
                    fam.process_filing(
                        uow,
                        clerk,
                        filing_id=view.id,
                        outcome="refused" if refused else "processed",
                        note="첨부서류 미비 (보완 요청에 응하지 않음)" if refused else "",
                        now=moment + timedelta(hours=run.rng.randint(2, 30)),
                    )
        uow.commit()
    run.counts["family"] = made
