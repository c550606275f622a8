"""What every tab is given: the application context, the signed-in actor and the task runner."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.bootstrap import AppContext
from app.services.actor import Actor, acting_uow
from app.services.roles import can
from db.uow import UnitOfWork
from ui.changes import ChangeBus
from ui.connection import ConnectionState
from ui.tasks import TaskRunner


@dataclass
class UiContext:
    app: AppContext
    actor: Actor
    tasks: TaskRunner
    connection: ConnectionState = field(init=False)
    changes: ChangeBus = field(init=False)

    def __post_init__(self) -> None:
        self.connection = ConnectionState(self, self.tasks)
        # This counter's commits at once; other counters' once the session calls changes.listen_remote().
        self.changes = ChangeBus(self.app.db, remote=False)
        # A read the clerk cancels (the busy sign's 취소) is stopped where it runs.
        self.tasks.interrupt = self.app.db.interrupt

    def uow(self) -> UnitOfWork:
        # Every unit of work a screen hands to a service first re-reads the account (stopped, role changed).
        return acting_uow(self.app.db, self.actor)

    def can(self, permission: str) -> bool:
        return can(self.actor, permission)
