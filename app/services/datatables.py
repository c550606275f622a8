"""What the decree-driven data tables say about themselves: which entry is in force, its source, verified."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.effective import is_in_force
from app.resources import DATA_DIR, load_data
from app.services.actor import Actor
from app.services.roles import authorize


@dataclass(frozen=True, slots=True)
class TableEntry:
    file: str
    section: str
    name: str
    valid_from: str
    valid_to: str
    in_force: bool
    verified: bool
    source: str


def _entries(file: str, section: str, value: Any, on: date) -> list[TableEntry]:
    found: list[TableEntry] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            continue
        if "source" in item or "valid_from" in item:
            found.append(
                TableEntry(
                    file=file,
                    section=section,
                    name=str(item.get("name") or item.get("code") or item.get("id") or section),
                    valid_from=str(item.get("valid_from", "")),
                    valid_to=str(item.get("valid_to", "")),
                    in_force=is_in_force(item, on),
                    verified=bool(item.get("verified", False)),
                    source=str(item.get("source", "")),
                )
            )
        else:
            for key, sub in item.items():
                if isinstance(sub, dict | list):
                    found.extend(_entries(file, f"{section}.{key}" if section else key, sub, on))
    return found


def list_entries(actor: Actor, *, on: date, only_unverified: bool = False) -> list[TableEntry]:
    """Every dated entry of every data file (for the supervisor's 자료표 view)."""
    authorize(actor, "stats.view" if actor.role == "admin" else "fee.quote")
    rows: list[TableEntry] = []
    for path in sorted(DATA_DIR.glob("*.toml")):
        data = load_data(path.stem)
        for key, value in data.items():
            if isinstance(value, dict | list):
                rows.extend(_entries(path.name, key, value, on))
    if only_unverified:
        rows = [r for r in rows if not r.verified]
    return rows
