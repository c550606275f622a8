"""Database layer: SQLAlchemy models, engine set-up, unit of work, Alembic migrations. No Qt."""
