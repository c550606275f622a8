"""The settings screen's save: this PC's ``settings.json`` from what was typed, checked, and logged.

A clerk may change the settings of their own counter (``scope == "terminal"``: printers, paper, language, font
size); everything else needs ``office.setup`` (the admin). Checked here, whatever the screen shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.services import audit
from app.services.actor import Actor, check_signed_in
from app.services.roles import authorize, can
from app.settings import SETTINGS_VERSION, SPECS, TERMINAL, SettingError, Settings, spec_of, validate
from db.uow import Database


@dataclass(frozen=True, slots=True)
class SavedSettings:
    changed: tuple[str, ...]  # keys whose value changed
    restart: tuple[str, ...]  # of those, the ones that take effect at the next start


def visible_specs(actor: Actor) -> tuple[Any, ...]:
    """The settings this person may see and change: all for the admin, the counter's own for the others."""
    if can(actor, "office.setup"):
        return SPECS
    return tuple(spec for spec in SPECS if spec.scope == TERMINAL)


def check_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every value converted, or the first ``SettingError`` (its ``field`` names the setting)."""
    return {key: validate(key, value) for key, value in values.items()}


def save_settings(
    settings: Settings,
    actor: Actor,
    database: Database,
    *,
    changes: Mapping[str, Any],
    overwrite_newer: bool = False,
) -> SavedSettings:
    """Write the changed values to this PC's settings file and log which settings changed (no values: a URL
    may hold a password). ``SettingsTooNew`` unless ``overwrite_newer`` when a newer program wrote the file."""
    check_signed_in(database, actor)
    for key in changes:
        try:
            spec = spec_of(key)
        except KeyError:
            raise SettingError("알 수 없는 설정입니다: {key}", field=key, key=key) from None
        if spec.scope != TERMINAL:
            authorize(actor, "office.setup")
    checked = check_values(changes)
    changed = tuple(k for k, v in checked.items() if settings.get(k) != v)
    if not changed:
        return SavedSettings((), ())
    candidate = Settings(
        values={**settings.values, **{k: checked[k] for k in changed}},
        path=settings.path,
        unknown=dict(settings.unknown),
        file_version=settings.file_version,
    )
    candidate.save(overwrite_newer=overwrite_newer)
    settings.values.update({k: checked[k] for k in changed})
    settings.file_version = SETTINGS_VERSION
    with database.uow() as uow:
        audit.record(
            uow,
            actor,
            "settings.change",
            record_type="settings",
            detail="바꾼 설정: " + ", ".join(spec_of(k).title for k in changed),
        )
        uow.commit()
    return SavedSettings(changed, tuple(k for k in changed if spec_of(k).restart))
