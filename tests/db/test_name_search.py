"""F7 by part of a name and by the phone's last four digits (issue 17), on SQLite (FTS5 trigram table kept by
triggers) and PostgreSQL (pg_trgm GIN index, phone-tail expression index): what is found, and that the index
follows an update and a delete of the applicant."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.services import applicants
from app.services.errors import ValidationError
from db.models import Applicant


def _names(rows: list[applicants.ApplicantView]) -> list[str]:
    return [r.name for r in rows]


@pytest.fixture
def people(app_ctx, make_actor):  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    for name, rrn, phone in (
        ("홍길동", "900101-1234568", "010-1234-5678"),
        ("김길동", None, "02-920-3000"),
        ("남궁길동", None, "010 2222 5678"),
        ("홍길순", None, ""),
        ("길동수", None, "010-9999-0001"),
        ("이영희", None, "010-5678-1111"),
        ("Kim Gil-Dong", None, ""),
        ("O'Brien", None, ""),
    ):
        applicants.upsert_applicant(app_ctx.db.uow(), clerk, name=name, resident_number=rrn, phone=phone)
    return app_ctx, clerk


def _search(ctx, actor, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return _names(applicants.search_by_name(ctx.db.uow(), actor, text))


def test_a_part_of_the_name_in_the_middle_or_at_either_end(people) -> None:  # type: ignore[no-untyped-def]
    ctx, clerk = people
    # Two characters: the start or the end of a name (a given name, a surname and first syllable).
    assert _search(ctx, clerk, "길동") == ["길동수", "김길동", "남궁길동", "홍길동"]
    assert _search(ctx, clerk, "홍길") == ["홍길동", "홍길순"]
    # Three or more: anywhere in the name.
    assert _search(ctx, clerk, "궁길동") == ["남궁길동"]
    assert _search(ctx, clerk, "길동수") == ["길동수"]
    assert _search(ctx, clerk, "홍길동") == ["홍길동"]
    assert _search(ctx, clerk, "gil-dong") == ["Kim Gil-Dong"]  # case does not matter on either database
    assert _search(ctx, clerk, "없는이름") == []
    # Characters that mean something to LIKE or to FTS5 are only characters.
    assert _search(ctx, clerk, '길"동') == []
    assert _search(ctx, clerk, "길%") == []
    assert _search(ctx, clerk, "OR 길동") == []
    assert _search(ctx, clerk, "'br") == ["O'Brien"]  # a quote is part of the literal pattern
    assert _search(ctx, clerk, "\\'b") == []


def test_one_character_is_the_start_of_the_name(people) -> None:  # type: ignore[no-untyped-def]
    ctx, clerk = people
    assert _search(ctx, clerk, "홍") == ["홍길동", "홍길순"]
    assert _search(ctx, clerk, "길") == ["길동수"]  # a single character is not looked for inside names
    with pytest.raises(ValidationError, match="한 글자 이상"):
        applicants.search_by_name(ctx.db.uow(), clerk, "  ")


def test_the_last_four_digits_of_the_phone(people) -> None:  # type: ignore[no-untyped-def]
    ctx, clerk = people
    assert _search(ctx, clerk, "5678") == ["남궁길동", "홍길동"]  # hyphens and spaces do not count
    assert _search(ctx, clerk, "끝자리 3000") == ["김길동"]
    assert _search(ctx, clerk, "０００１") == ["길동수"]  # full-width digits, as an IME may type them
    by_phone = applicants.search_by_phone_suffix(ctx.db.uow(), clerk, "0001")
    assert _names(by_phone) == ["길동수"]
    assert _names(applicants.search_by_phone_suffix(ctx.db.uow(), clerk, "1234")) == []  # not the last four
    with pytest.raises(ValidationError, match="숫자 4자리"):
        applicants.search_by_phone_suffix(ctx.db.uow(), clerk, "567")
    # The masked resident number is what a search shows.
    assert [r.rrn_masked for r in applicants.search_by_name(ctx.db.uow(), clerk, "5678")][1].startswith("900101-1")


def test_the_index_follows_an_update_and_a_delete(people) -> None:  # type: ignore[no-untyped-def]
    ctx, clerk = people
    # The service changes a known person's name and phone (found again by resident number).
    applicants.upsert_applicant(
        ctx.db.uow(), clerk, name="홍길준", resident_number="900101-1234568", phone="010-4321-8765"
    )
    assert _search(ctx, clerk, "홍길동") == []
    assert _search(ctx, clerk, "길준") == ["홍길준"]
    assert _search(ctx, clerk, "5678") == ["남궁길동"]
    assert _search(ctx, clerk, "8765") == ["홍길준"]
    # Written around the services (a repair by hand, a bulk load): the index follows the table all the same.
    with ctx.db.engine.begin() as conn:
        conn.execute(sa.update(Applicant).where(Applicant.name == "이영희").values(name="이길동"))
        conn.execute(sa.delete(Applicant).where(Applicant.name == "김길동"))
        conn.execute(sa.insert(Applicant).values(name="박길동", phone="010-0000-3000"))
    assert _search(ctx, clerk, "길동") == ["길동수", "남궁길동", "박길동", "이길동"]
    assert _search(ctx, clerk, "3000") == ["박길동"]
    assert _search(ctx, clerk, "이영") == []
    if ctx.db.engine.dialect.name == "sqlite":
        with ctx.db.engine.connect() as conn:
            # One FTS row per applicant, no stale one: the triggers forgot the deleted and the old values.
            assert (
                conn.exec_driver_sql("SELECT count(*) FROM applicants_fts").scalar()
                == conn.execute(sa.select(sa.func.count()).select_from(Applicant)).scalar()
            )
            assert (
                conn.exec_driver_sql(
                    "SELECT count(*) FROM applicants_fts WHERE applicants_fts MATCH '\"김길동\"'"
                ).scalar()
                == 0
            )


def test_the_search_is_logged_with_the_people_shown(people) -> None:  # type: ignore[no-untyped-def]
    ctx, clerk = people
    shown = applicants.search_by_name(ctx.db.uow(), clerk, "길동")
    applicants.search_by_name(ctx.db.uow(), clerk, "5678")
    with ctx.db.engine.connect() as conn:
        details = list(
            conn.exec_driver_sql(
                "SELECT detail FROM audit_log WHERE action = 'applicant.search' ORDER BY id DESC LIMIT 2"
            ).scalars()
        )
    assert details[1] == "성명 '길동' 4건: " + ", ".join(str(a.uuid) for a in shown)
    assert details[0].startswith("전화 끝자리 '5678' 2건: ")


def test_an_owner_role_without_pg_trgm_is_told_what_the_administrator_must_run(_pg_admin) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: the owner role of docs/postgres-roles.sql may not create an extension; where a superuser has
    not made pg_trgm, the migration stops with the statement to run, not with a permission traceback."""
    import uuid

    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from db.engine import make_engine, migrate
    from tests.conftest import _create_pg_database, _drop_pg_database, _new_pg_name, pg_url_for

    name, owner = _new_pg_name("trgm"), f"minwon_owner_{uuid.uuid4().hex[:8]}"
    _create_pg_database(_pg_admin, name)
    superuser = sa.create_engine(pg_url_for(name), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with superuser.connect() as conn:
            conn.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT')
            conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            conn.exec_driver_sql(f'ALTER SCHEMA public OWNER TO "{owner}"')
        engine = make_engine(make_url(pg_url_for(name)).set(username=owner).render_as_string(hide_password=False))
        try:
            with pytest.raises(RuntimeError, match=r"CREATE EXTENSION pg_trgm;.*--migrate"):
                migrate(engine)
        finally:
            engine.dispose()
        with superuser.connect() as conn:  # nothing half made: the upgrade was one transaction
            assert conn.exec_driver_sql("SELECT to_regclass('ix_applicants_name_trgm')").scalar() is None
    finally:
        superuser.dispose()
        _drop_pg_database(_pg_admin, name)
        with _pg_admin.connect() as conn:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{owner}"'))


def test_on_postgresql_the_pattern_is_in_the_statement_not_a_parameter(people) -> None:  # type: ignore[no-untyped-def]
    """A prepared statement's generic plan cannot use the trigram index for an unknown pattern (psycopg prepares a
    statement after five runs; PostgreSQL may then keep a generic plan): the pattern is sent as a literal."""
    ctx, clerk = people
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(ctx.db.engine, "before_cursor_execute", record)
    try:
        for _ in range(12):
            assert _search(ctx, clerk, "궁길동") == ["남궁길동"]
    finally:
        sa.event.remove(ctx.db.engine, "before_cursor_execute", record)
    searches = [s for s in statements if s.lstrip().startswith("SELECT") and "FROM applicants" in s]
    assert len(searches) == 12
    if ctx.db.engine.dialect.name == "postgresql":
        assert all("ILIKE '%%궁길동%%'" in s or "ILIKE '%궁길동%'" in s for s in searches), searches[0]
    else:
        assert all("applicants_fts MATCH ?" in s for s in searches), searches[0]
