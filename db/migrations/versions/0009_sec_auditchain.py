"""The access log's hash chain (issue 12): seq and chain_hash per entry, the chain head and cut anchor, and guards.

Existing entries are chained in id order. The guards: no UPDATE of an entry; DELETE only of entries at or
before the cut (``audit_chain.cut_seq``), which moves only forward and only to an entry older than two years;
on PostgreSQL the server sets an entry's time (BEFORE INSERT: ``at := now()``). The triggers are owned by the
role that runs the migrations (``python main.py --migrate``); the counters' role cannot alter them.

Revision ID: 0009_sec_auditchain
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_sec_auditchain"
down_revision = "0001_core"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

SQLITE_GUARDS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "WHEN OLD.seq IS NULL OR OLD.seq > COALESCE((SELECT cut_seq FROM audit_chain WHERE id = 1), 0) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'audit_chain cannot be deleted'); END",
    "CREATE TRIGGER audit_chain_forward BEFORE UPDATE ON audit_chain "
    "WHEN NEW.seq < OLD.seq OR NEW.cut_seq < OLD.cut_seq OR (NEW.cut_seq <> OLD.cut_seq AND NOT EXISTS "
    "(SELECT 1 FROM audit_log WHERE seq = NEW.cut_seq AND at < datetime('now', '-2 years'))) "
    "BEGIN SELECT RAISE(ABORT, 'audit_chain moves only forward; entries are kept two years'); END",
)
SQLITE_DROP = ("audit_log_no_update", "audit_log_no_delete", "audit_chain_no_delete", "audit_chain_forward")

PG_GUARDS = (
    """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL
           AND OLD.seq <= COALESCE((SELECT cut_seq FROM audit_chain WHERE id = 1), 0) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
    END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_log_server_time() RETURNS trigger AS $$
    BEGIN NEW.at := now(); RETURN NEW; END; $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER audit_log_server_time BEFORE INSERT ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_server_time()",
    """CREATE OR REPLACE FUNCTION audit_chain_forward() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'audit_chain cannot be deleted'; END IF;
        IF NEW.seq < OLD.seq OR NEW.cut_seq < OLD.cut_seq THEN
            RAISE EXCEPTION 'audit_chain moves only forward';
        END IF;
        IF NEW.cut_seq <> OLD.cut_seq AND NOT EXISTS (
            SELECT 1 FROM audit_log WHERE seq = NEW.cut_seq AND at < now() - interval '2 years') THEN
            RAISE EXCEPTION 'audit log entries are kept two years';
        END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER audit_chain_forward BEFORE UPDATE OR DELETE ON audit_chain "
    "FOR EACH ROW EXECUTE FUNCTION audit_chain_forward()",
)


def _chain_existing(bind: sa.Connection) -> tuple[int, str]:
    from db.auditchain import link
    from db.models import AuditEntry

    table = sa.Table("audit_log", AuditEntry.metadata)  # the model's table, typed as a Table
    previous, seq = GENESIS, 0
    rows = bind.execute(sa.select(table).order_by(table.c.id)).mappings().all()
    for row in rows:
        seq += 1
        entry = AuditEntry(**{k: row[k] for k in row.keys() if k not in ("seq", "chain_hash")})
        entry.seq = seq
        previous = link(previous, entry)
        bind.execute(sa.update(table).where(table.c.id == row["id"]).values(seq=seq, chain_hash=previous))
    return seq, previous


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("cut_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("cut_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    op.add_column("audit_log", sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True))
    op.add_column("audit_log", sa.Column("chain_hash", sa.String(length=64), nullable=True))
    seq, last = _chain_existing(bind)
    op.create_index("ix_audit_log_seq", "audit_log", ["seq"], unique=True)
    op.execute(
        sa.text(
            "INSERT INTO audit_chain (id, seq, hash, cut_seq, cut_hash) VALUES (1, :seq, :hash, 0, :genesis)"
        ).bindparams(seq=seq, hash=last, genesis=GENESIS)
    )
    if sqlite:
        for statement in SQLITE_GUARDS:
            op.execute(statement)
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
        for statement in PG_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_DROP:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_server_time ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_server_time()")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_forward ON audit_chain")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_forward()")
    op.drop_index("ix_audit_log_seq", table_name="audit_log")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("chain_hash")
        batch_op.drop_column("seq")
    op.drop_table("audit_chain")
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
    else:
        op.execute(
            """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql"""
        )
