"""Two counters acting at the same instant: two processes, released together by a barrier, round after round.

``race(app_ctx, actors, action, rounds)`` starts one process per actor (each with its own engine, as two
counter PCs have); in every round the parent prepares the record (``prepare(round) -> kwargs`` per worker),
both workers wait at the barrier and then call ``action`` (``"module:function"``, called as
``function(database, actor, **kwargs)``) at once. Each round returns the two outcomes:
``("ok", value)``, ``("refused", Korean message)`` for a ``ServiceError``, or ``("error", repr)`` for anything
else (a traceback the clerk would see as a bug dialog).
"""

from __future__ import annotations

import importlib
import multiprocessing as mp
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROUNDS = 20
Outcome = tuple[str, Any]


def actor_fields(actor: Any) -> tuple[Any, ...]:
    return (
        actor.user_id,
        actor.username,
        actor.display_name,
        actor.role,
        actor.office_id,
        actor.terminal_id,
        actor.terminal_code,
    )


def _worker(url: str, key_file: str, fields: tuple[Any, ...], action: str, barrier: Any, inbox: Any, out: Any) -> None:
    from app.services.actor import Actor
    from app.services.errors import ServiceError
    from db.engine import make_engine
    from db.pii import PiiCipher, load_or_create_key
    from db.uow import Database

    module, name = action.split(":")
    fn = getattr(importlib.import_module(module), name)
    database = Database(make_engine(url), pii=PiiCipher(load_or_create_key(Path(key_file))))
    actor = Actor(*fields)
    while True:
        kwargs = inbox.get()
        if kwargs is None:
            break
        barrier.wait(timeout=60)
        try:
            out.put(("ok", fn(database, actor, **kwargs)))
        except ServiceError as exc:
            out.put(("refused", exc.message))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            out.put(("error", f"{exc.__class__.__name__}: {exc}"))
    database.dispose()


def race(
    app_ctx: Any,
    actors: Sequence[Any],
    action: str,
    prepare: Callable[[int], Sequence[dict[str, Any]]],
    *,
    rounds: int = ROUNDS,
) -> list[list[Outcome]]:
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    key_file = str(app_ctx.settings.key_file)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(actors))
    inboxes = [ctx.Queue() for _ in actors]
    outs = [ctx.Queue() for _ in actors]
    procs = [
        ctx.Process(target=_worker, args=(url, key_file, actor_fields(a), action, barrier, inbox, out))
        for a, inbox, out in zip(actors, inboxes, outs, strict=True)
    ]
    for p in procs:
        p.start()
    results: list[list[Outcome]] = []
    try:
        for i in range(rounds):
            for inbox, kwargs in zip(inboxes, prepare(i), strict=True):
                inbox.put(kwargs)
            results.append([out.get(timeout=120) for out in outs])
    finally:
        for inbox in inboxes:
            inbox.put(None)
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.kill()
    return results


def one_winner(outcomes: list[Outcome]) -> tuple[Outcome, Outcome]:
    """The round had exactly one success and one clear refusal; returns (success, refusal)."""
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    ok = next(o for o in outcomes if o[0] == "ok")
    refused = next(o for o in outcomes if o[0] == "refused")
    return ok, refused
