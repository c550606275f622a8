"""The Alembic migrations build exactly the schema the models declare, on SQLite and on PostgreSQL.

A model changed without a migration (or a migration that differs from its model) shows up here as the
difference Alembic's autogenerate would write: tables, columns, types, nullability, indexes, unique
constraints and foreign keys.
"""

from __future__ import annotations

import pprint

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import db.all_models  # noqa: F401  (registers every table on Base.metadata)
from db.engine import make_engine, migrate
from db.models import Base
from db.name_search import SEARCH_OBJECTS


def test_migrations_build_the_schema_of_the_models(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate(engine)  # from a truly empty database, as a new office's first start does
        with engine.connect() as conn:
            # compare_type: a String(20) migrated as String(40), or Integer as BigInteger, is a mismatch.
            # Server defaults are not compared: the models declare none, and Alembic's comparison of
            # rendered default expressions differs between the two engines.
            # The search indexes of 0017 (an FTS5 table and its shadow tables on SQLite; the trigram and phone
            # expression indexes on PostgreSQL) exist on one database each and are not in the models.
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": lambda name, *_: name not in SEARCH_OBJECTS}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "migrations differ from the models:\n" + pprint.pformat(differences, width=120)
