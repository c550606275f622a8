"""Tables of the security layer: the fingerprints of the resident-number keys, a key rotation's progress, and
the head and cut of the access log's hash chain.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class PiiKey(Base):
    """A resident-number key by its fingerprint (``db.pii.key_id_of``); the key itself never enters the database.

    ``state``: ``active`` (every new value is written with it), ``retiring`` (an older key that values may
    still be written with while a rotation runs) or ``retired`` (no value uses it any more).
    """

    __tablename__ = "pii_keys"
    key_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(12))


class PiiKeyRotation(Base):
    """One key rotation: re-encrypts every encrypted value in batches; ``position`` is where a resumed run goes on."""

    __tablename__ = "pii_key_rotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    old_key_id: Mapped[str] = mapped_column(String(12))
    new_key_id: Mapped[str] = mapped_column(String(12))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # "<table>:<last id done>" of the pass under way
    position: Mapped[str] = mapped_column(String(80), default="")
    rows_done: Mapped[int] = mapped_column(Integer, default=0)


class AuditChainHead(Base):
    """The one row (id 1) that holds the access log's chain lock, its last link and the anchor of the last cut.

    ``cut_seq``/``cut_hash``: entries up to ``cut_seq`` were exported and removed after the retention period;
    the chain of the rest starts from ``cut_hash``.
    """

    __tablename__ = "audit_chain"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    hash: Mapped[str] = mapped_column(String(64))
    cut_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    cut_hash: Mapped[str] = mapped_column(String(64))
