"""Staff passwords: production argon2 parameters in the app, the cheap hasher of tests/conftest.py in tests.

Tests hash with argon2id at its minimum cost (the production parameters cost ~50 ms or more per hash);
these tests check that production keeps the real parameters and that a cheap hash, if one ever reached
a real database, is still accepted and replaced by a production hash at the next sign-in.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher, Type, profiles

from app.services import auth
from db.models import StaffUser
from tests.conftest import cheap_password_hasher

PASSWORD = "counter-pass-7"
PRODUCTION = profiles.RFC_9106_LOW_MEMORY  # what PasswordHasher() defaults to, as auth.py uses it


def _stored_hash(ctx, username: str) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return str(uow.session.scalar(sa.select(StaffUser.password_hash).where(StaffUser.username == username)))


def test_tests_hash_cheaply() -> None:
    hasher = auth._hasher
    assert (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (Type.ID, 1, 8, 1)


@pytest.mark.production_hasher
def test_production_hasher_is_argon2id_with_the_library_defaults() -> None:
    hasher = auth._hasher
    defaults = PasswordHasher()
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        defaults.time_cost,
        defaults.memory_cost,
        defaults.parallelism,
    )
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        PRODUCTION.time_cost,
        PRODUCTION.memory_cost,
        PRODUCTION.parallelism,
    )
    encoded = auth.hash_password(PASSWORD)
    assert encoded.startswith(f"$argon2id$v=19$m={PRODUCTION.memory_cost},t={PRODUCTION.time_cost},p=")


@pytest.mark.production_hasher
def test_a_cheap_hash_signs_in_and_is_rehashed_with_production_parameters(  # type: ignore[no-untyped-def]
    app_ctx, make_actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    production = auth._hasher
    with monkeypatch.context() as patch:
        patch.setattr(auth, "_hasher", cheap_password_hasher())
        clerk = make_actor("clerk", password=PASSWORD)
    cheap = _stored_hash(app_ctx, clerk.username)
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert production.verify(cheap, PASSWORD)  # argon2 reads the parameters from the hash itself
    assert production.check_needs_rehash(cheap)

    actor = auth.sign_in(
        app_ctx.db.uow(), username=clerk.username, password=PASSWORD, terminal_id=None, terminal_code="t"
    )

    assert actor.username == clerk.username
    rehashed = _stored_hash(app_ctx, clerk.username)
    assert rehashed != cheap and not production.check_needs_rehash(rehashed)
    assert production.verify(rehashed, PASSWORD)
