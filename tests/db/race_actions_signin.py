"""Sign-in attempts that the race tests run in two processes at once (importable by name in a spawned process)."""

from __future__ import annotations

from typing import Any


def wrong_password(database: Any, actor: Any, *, username: str, terminal: str) -> str:
    from app.services import auth

    auth.sign_in(database.uow(), username=username, password="wrong-pass-0", terminal_id=None, terminal_code=terminal)
    return "signed in"
