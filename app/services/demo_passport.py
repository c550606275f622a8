"""Demo passport work (``--demo``): four months of applications through to delivery, losses, emergencies, refunds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.identity import parse_resident_number
from app.services import passports as ps
from app.services.demo import GIVEN, SURNAMES, DemoRun, random_rrn
from db.uow import UnitOfWork

_PLACES = ("인천국제공항 제1터미널", "김포공항", "지하철 4호선 열차 안", "호텔 객실", "택시 안", "이사 중 집")
_REASONS = ("부친 위독으로 오늘 출국", "해외 출장 일정이 앞당겨짐", "여권 분실 후 내일 새벽 출국", "가족 장례 참석")


def _form(run: DemoRun, rrn: str, on: datetime, *, emergency: bool = False) -> ps.ApplicationForm:
    parsed = parse_resident_number(rrn)
    age = pp.age_at(parsed.birth_date, on)
    name = run.rng.choice(SURNAMES) + run.rng.choice(GIVEN)
    phone = run.phone()
    if emergency:
        kind, years, pages = pp.KIND_EMERGENCY, None, None
    else:
        options = [o for o in pp.validity_options(age, on=on) if o.kind == pp.KIND_MULTIPLE]
        weights = [8 if o.pages == 58 else 2 for o in options]
        option = run.rng.choices(options, weights=weights)[0]
        if run.rng.random() < 0.05:
            option = next(o for o in pp.validity_options(age, on=on) if o.kind == pp.KIND_SINGLE)
        kind, years, pages = option.kind, option.validity_years, option.pages
    minor = age < 18
    proxy = minor and run.rng.random() < 0.6
    has_valid = run.rng.random() < 0.3

    def situation_for(proxy: bool) -> pp.ApplicantSituation:
        return pp.ApplicantSituation(
            age=age,
            sex=parsed.sex,
            applying_in_person=not proxy,
            proxy_relation=pp.PROXY_LEGAL_REP if proxy else None,
            has_valid_passport=has_valid,
            emergency=emergency,
            birth_year=parsed.birth_date.year,
        )

    situation = situation_for(proxy)
    try:
        items = pp.required_documents(situation, on=on)
    except pp.PassportRuleError:  # a child too young to apply in person comes with a legal representative
        proxy = True
        situation = situation_for(proxy)
        items = pp.required_documents(situation, on=on)
    return ps.ApplicationForm(
        name=name,
        resident_number=rrn,
        kind=kind,
        validity_years=years,
        pages=pages,
        phone=phone,
        address=f"서울특별시 성북구 {run.rng.choice(['보문로', '정릉로', '화랑로'])} {run.rng.randint(1, 300)}",
        sms_consent=run.rng.random() < 0.7,
        photo_checked=True,
        documents_checked=tuple(i.key for i in ps.documents_to_check(items)),
        applying_in_person=not proxy,
        proxy_name=(run.rng.choice(SURNAMES) + run.rng.choice(GIVEN)) if proxy else "",
        proxy_relation=pp.PROXY_LEGAL_REP if proxy else None,
        has_valid_passport=situation.has_valid_passport,
        payment_method=run.rng.choice(["현금", "카드", "카드"]),
        emergency_reason=run.rng.choice(_REASONS) if emergency else "",
        identity_verified=emergency,
        declared_losses_1y=0 if emergency else None,
        declared_losses_5y=0 if emergency else None,
        destination_warned=emergency,
    )


def demo_step(run: DemoRun) -> None:
    """About one application a working day for four months; older ones delivered, recent ones in progress."""
    now = datetime.combine(run.today, time(9, 0), SEOUL)  # the demo is history up to this morning
    made = 0
    with run.db.uow() as uow:
        for day_start in run.working_moments(120):
            for _ in range(run.rng.choice((0, 1, 1, 1, 2))):
                emergency = run.rng.random() < 0.06
                moment = run.random_moment(day_start)
                clerk = run.clerk()
                rrn = random_rrn(run.rng, born_from=1950, born_to=2019)
                if emergency and run.rng.random() < 0.5:
                    ps.record_loss_report(
                        uow,
                        clerk,
                        name=run.rng.choice(SURNAMES) + run.rng.choice(GIVEN),
                        resident_number=rrn,
                        lost_on=moment.date() - timedelta(days=run.rng.randint(0, 3)),
                        place=run.rng.choice(_PLACES),
                        circumstances="가방과 함께 잃어버림",
                        now=moment,
                    )
                form = _form(run, rrn, moment, emergency=emergency)
                app = ps.take_application(uow, clerk, form=form, now=moment)
                made += 1
                _progress(run, uow, app, moment, now)
        uow.commit()
    run.counts["passport"] = made


def _progress(run: DemoRun, uow: UnitOfWork, app: ps.ApplicationView, received: datetime, now: datetime) -> None:
    """Walk an application along as far as its age allows: emergencies within hours, others over days."""
    clerk = run.clerk()
    if app.emergency:
        steps = [received + timedelta(minutes=m) for m in (20, 60, 120)]
        deliver_at = received + timedelta(minutes=run.rng.randint(130, 175))
    else:
        steps = [received + timedelta(days=d, hours=1) for d in (1, 3, 8 + run.rng.randint(0, 4))]
        deliver_at = steps[-1] + timedelta(days=run.rng.choice([1, 2, 3, 5, 8, 14, 45]))
    for status, moment in zip((ps.REVIEW, ps.PRODUCTION, ps.ARRIVED), steps, strict=True):
        if moment > now:
            return
        ps.advance_application(uow, clerk, application_id=app.id, to_status=status, now=moment)
    if deliver_at > now or run.rng.random() < 0.04:
        return  # a few are never collected: they fill the 미수령 list
    ps.deliver_passport(uow, clerk, application_id=app.id, id_checked=True, now=deliver_at)
    if app.emergency and run.rng.random() < 0.3:
        ps.claim_reduced_fee_later(uow, clerk, application_id=app.id, reason="친족 위독", now=deliver_at)
        proof_at = deliver_at + timedelta(days=run.rng.randint(3, 20))
        if proof_at < now and proof_at.date() <= _proof_due(app):
            ps.apply_reduced_fee_with_proof(
                uow, clerk, application_id=app.id, proof="진단서(위독)", refund_method="현금", now=proof_at
            )


def _proof_due(app: ps.ApplicationView) -> date:
    return pp.reduced_proof_due(app.received_at)
