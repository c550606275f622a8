"""The start-up check of the schema reads the migration files without alembic: it must see what alembic sees."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from db.engine import SchemaTooNew, alembic_config, current_revisions, known_revisions, migrate, revision_heads


def test_heads_and_revisions_are_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    assert set(revision_heads()) == set(script.get_heads())
    assert set(known_revisions()) == {rev.revision for rev in script.walk_revisions()}
    assert len(revision_heads()) >= 2  # features branch from the core: several heads


def test_a_new_database_is_at_no_revision_then_at_the_heads(empty_db_url) -> None:  # type: ignore[no-untyped-def]
    from db.engine import make_engine

    engine = make_engine(empty_db_url)
    try:
        assert current_revisions(engine) == set()
        migrate(engine)
        assert current_revisions(engine) == set(revision_heads())
        migrate(engine)  # current: nothing to do, no alembic needed
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE alembic_version SET version_num = '9999_from_a_newer_release' "
                "WHERE version_num = (SELECT MIN(version_num) FROM alembic_version)"
            )
        try:
            migrate(engine)
        except SchemaTooNew as exc:
            assert "9999_from_a_newer_release" in str(exc)
        else:
            raise AssertionError("a database of a newer release was not refused")
    finally:
        engine.dispose()
