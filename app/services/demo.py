"""Fill an empty database with realistic sample data (``--demo``): staff per role, applicants, receipts.

Features add their own step as ``demo_step(run)`` in ``app/services/demo_<feature>.py``; each step gets
the same random generator so that a demo database is the same every time.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.domain.calendar import SEOUL, is_working_day
from app.services import auth
from app.services.actor import Actor
from app.services.applicants import ApplicantView, write_applicant
from app.services.office import mark_demo
from app.services.receipts import LineInput, write_receipt
from db.models import Receipt, StaffUser
from db.uow import Database

DEMO_USERS = (
    ("admin", "관리자", "admin"),
    ("kim.clerk", "김민원", "clerk"),
    ("lee.clerk", "이창구", "clerk"),
    ("park.night", "박야간", "night"),
    ("choi.guide", "최안내", "guide"),
    ("jung.super", "정팀장", "supervisor"),
)

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "은우",
    "지아",
    "시우",
    "하은",
    "예준",
    "수아",
    "주원",
    "지민",
    "영숙",
    "정희",
    "상철",
    "미경",
    "동현",
    "혜진",
    "성민",
    "은지",
    "재훈",
    "유진",
)


@dataclass
class DemoRun:
    """What the steps share: the database, the office, accounts made, people made, the random source."""

    db: Database
    office_id: int
    terminal_id: int
    terminal_code: str
    rng: random.Random
    today: date
    actors: dict[str, Actor] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    applicants: list[ApplicantView] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def phone(self) -> str:
        """A mobile number in 010-0000-xxxx, a block no subscriber is given (010 middle parts start at 2000),
        so a demo message cannot reach a real person, whatever the SMS system does with it."""
        return f"010-0000-{self.rng.randint(0, 9999):04d}"

    def working_moments(self, days_back: int) -> list[datetime]:
        """Opening-hours moments on the working days of the last ``days_back`` calendar days."""
        moments = []
        for offset in range(days_back, 0, -1):
            day = self.today - timedelta(days=offset)
            if is_working_day(day):
                moments.append(datetime.combine(day, time(9, 0), SEOUL))
        return moments

    def random_moment(self, day_start: datetime) -> datetime:
        minutes = self.rng.randrange(0, 9 * 60)
        return day_start + timedelta(minutes=minutes)

    def clerk(self) -> Actor:
        return self.actors[self.rng.choice(["kim.clerk", "lee.clerk"])]


def random_rrn(rng: random.Random, *, born_from: int = 1940, born_to: int = 2005) -> str:
    """A syntactically valid, made-up resident number (check digit right for pre-2020 style)."""
    from app.domain.identity import check_digit

    year = rng.randint(born_from, born_to)
    born = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
    sex = rng.choice("12") if year < 2000 else rng.choice("34")
    body = f"{born:%y%m%d}{sex}{rng.randrange(0, 100000):05d}"
    return body + str(check_digit(body))


def _step_users(run: DemoRun) -> None:
    with run.db.uow() as uow:
        for username, name, role in DEMO_USERS:
            password = auth.generate_password()
            user = auth._create(
                uow, office_id=run.office_id, username=username, display_name=name, role=role, password=password
            )
            run.passwords[username] = password
            run.actors[username] = Actor(
                user_id=user.id,
                username=username,
                display_name=name,
                role=role,
                office_id=run.office_id,
                terminal_id=run.terminal_id,
                terminal_code=run.terminal_code,
            )
        uow.commit()


def _step_applicants(run: DemoRun, count: int = 60) -> None:
    actor = run.actors["kim.clerk"]
    with run.db.uow() as uow:
        for _ in range(count):
            name = run.rng.choice(SURNAMES) + run.rng.choice(GIVEN)
            phone = run.phone()
            street = run.rng.choice(["보문로", "동소문로", "정릉로", "화랑로", "종암로"])
            address = f"서울특별시 성북구 {street} {run.rng.randint(1, 300)}"
            view = write_applicant(
                uow, actor, name=name, resident_number=random_rrn(run.rng), phone=phone, address=address
            )
            run.applicants.append(view)
        uow.commit()
    run.counts["applicants"] = len(run.applicants)


def _step_receipts(run: DemoRun) -> None:
    """Certificate fees over the last four months: 등·초본, 인감, 가족관계 증명서."""
    items = (
        ("resident_copy", "주민등록표 등본", 400),
        ("resident_abstract", "주민등록표 초본", 400),
        ("seal_certificate", "인감증명서", 600),
        ("family_relation", "가족관계증명서", 1000),
        ("basic_certificate", "기본증명서", 1000),
    )
    made = 0
    with run.db.uow() as uow:
        for day_start in run.working_moments(120):
            for _ in range(run.rng.randint(3, 8)):
                code, desc, fee = run.rng.choice(items)
                exempt = "기초생활수급자" if code.startswith("resident") and run.rng.random() < 0.08 else ""
                line = LineInput(
                    code, desc, run.rng.randint(1, 3), fee, exemption=exempt, fee_table="제증명 수수료 (demo)"
                )
                write_receipt(
                    uow,
                    run.clerk(),
                    lines=[line],
                    payment_method=run.rng.choice(["현금", "카드"]),
                    applicant_id=run.rng.choice(run.applicants).id,
                    now=run.random_moment(day_start),
                )
                made += 1
        uow.commit()
    run.counts["receipts"] = made


def _step_signins(run: DemoRun) -> None:
    """Each demo user signs in once at a moment their role allows (night staff on the last Mon/Thu evening)."""
    evening = run.today - timedelta(days=1)
    while evening.weekday() not in (0, 3) or not is_working_day(evening):
        evening -= timedelta(days=1)
    for username, _, role in DEMO_USERS:
        moment = (
            datetime.combine(evening, time(18, 5), SEOUL)
            if role == "night"
            else datetime.combine(evening, time(8, 55), SEOUL)
        )
        auth.sign_in(
            run.db.uow(),
            username=username,
            password=run.passwords[username],
            terminal_id=run.terminal_id,
            terminal_code=run.terminal_code,
            now=moment,
        )


CORE_STEPS: list[Callable[[DemoRun], None]] = [_step_users, _step_applicants, _step_receipts]


def demo_steps() -> list[Callable[[DemoRun], None]]:
    """The core steps, then every feature's ``demo_step`` from ``app/services/demo_<feature>.py`` (by name)."""
    steps = list(CORE_STEPS)
    package = Path(__file__).parent
    for module in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if module.name.startswith("demo_"):
            steps.append(importlib.import_module(f"app.services.{module.name}").demo_step)
    steps.append(_step_signins)
    return steps


def database_is_empty(db: Database) -> bool:
    with db.uow() as uow:
        users = uow.session.scalar(select(func.count()).select_from(StaffUser)) or 0
        receipts = uow.session.scalar(select(func.count()).select_from(Receipt)) or 0
    return users == 0 and receipts == 0


def fill_demo(
    db: Database, *, office_id: int, terminal_id: int, terminal_code: str, today: date | None = None, seed: int = 2022
) -> DemoRun:
    """Run every demo step on an empty database; refuses a database that already holds data."""
    if not database_is_empty(db):
        raise RuntimeError("데모 자료는 빈 데이터베이스에만 만들 수 있습니다.")
    run = DemoRun(
        db=db,
        office_id=office_id,
        terminal_id=terminal_id,
        terminal_code=terminal_code,
        rng=random.Random(seed),
        today=today or datetime.now(SEOUL).date(),
    )
    mark_demo(db.uow(), office_id=office_id)
    for step in demo_steps():
        step(run)
    return run
