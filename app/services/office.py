"""The office and the counter PCs: created on first start so that numbers and logs have an owner."""

from __future__ import annotations

from sqlalchemy import select

from app.formatting import josa
from app.resources import load_data
from app.views.office import OfficeView, TerminalView
from db.models import Office, Terminal
from db.uow import UnitOfWork


def _office_view(office: Office) -> OfficeView:
    return OfficeView(
        office.id, office.code, office.name, office.department, office.address, office.phone, bool(office.demo)
    )


def ensure_office(uow: UnitOfWork, *, code: str) -> OfficeView:
    """The office with ``code``; created from resources/data/office.toml if this is a first start."""
    with uow:
        office = uow.session.scalars(select(Office).where(Office.code == code)).first()
        if office is None:
            defaults = load_data("office")["office"]
            office = Office(
                code=code,
                name=defaults["name"],
                department=defaults["department"],
                address=defaults["address"],
                phone=defaults["phone"],
            )
            uow.session.add(office)
            uow.session.flush()
        view = _office_view(office)
        uow.commit()
    return view


def ensure_terminal(uow: UnitOfWork, *, office_id: int, code: str, name: str | None = None) -> TerminalView:
    with uow:
        terminal = uow.session.scalars(
            select(Terminal).where(Terminal.office_id == office_id, Terminal.code == code)
        ).first()
        if terminal is None:
            terminal = Terminal(office_id=office_id, code=code, name=name or code)
            uow.session.add(terminal)
            uow.session.flush()
        view = TerminalView(terminal.id, terminal.code, terminal.name)
        uow.commit()
    return view


def get_office(uow: UnitOfWork, office_id: int) -> OfficeView:
    with uow:
        office = uow.session.get(Office, office_id)
        if office is None:
            raise LookupError(f"기관 {josa(office_id, '이/가')} 없습니다.")
        return _office_view(office)


def ping(uow: UnitOfWork) -> bool:
    """One round trip to the database (the counter's check that the server answers again after an outage)."""
    with uow:
        uow.session.execute(select(1)).scalar()
    return True


def mark_demo(uow: UnitOfWork, *, office_id: int) -> None:
    """Mark the office's database as a demo database (``--demo``): its counters send no SMS."""
    with uow:
        office = uow.session.get(Office, office_id, with_for_update=True)
        if office is not None:
            office.demo = True
        uow.commit()
