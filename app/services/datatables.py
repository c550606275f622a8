"""What the decree-driven data tables say about themselves: every dated entry, its figure, source and verified.

The supervisor's 관리 › 자료표 view lists each entry of every data file, the ones that ended and the ones
not yet in force as well as the current one, with the figure it sets (fee, period, age, amount, text), so
that a changed figure can be traced to its source and date. Dated parts inside an entry (a benefit's
amounts and deadline, a fee table's unconfirmed rows, a guidance line that changes by year) are listed
under it, with the entry's dates and source where they have none of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.calendar import SEOUL
from app.domain.effective import as_bound, is_in_force
from app.domain.messages import N_, Text
from app.resources import DATA_DIR, load_data
from app.services.actor import Actor
from app.services.roles import authorize

FIGURE_MAX = 160  # characters of the figure shown in the cell; the whole text is in ``figure_detail``

# Keys whose value is a table's own vocabulary, never an entry.
_NOT_ENTRIES = frozenset({"vocabulary"})


@dataclass(frozen=True, slots=True)
class TableEntry:
    file: str
    section: str
    name: str
    valid_from: str  # "2024-07-01" or "2026-03-01 09:00" (Seoul) where the entry starts at a time of day
    valid_to: str  # the last day, or the moment it stopped ("… 09:00 전까지")
    in_force: bool
    verified: bool
    source: str
    figure: str = ""  # what the entry sets, short (수수료, 기간, 금액, 나이, 문구)
    figure_detail: str = ""  # the same in full, for the tooltip


def _shown_bound(value: Any, *, end: bool) -> str:
    bound = as_bound(value)
    if bound is None:
        return ""
    if isinstance(bound, datetime):
        text = bound.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
        return f"{text} 전까지" if end else f"{text}부터"
    return bound.isoformat()


def _won(value: Any) -> str:
    return f"{value:,}원" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _row_text(row: Mapping[str, Any]) -> str:
    """One row of a fee or benefit table: its label and amount."""
    label = row.get("label") or row.get("text") or row.get("level") or row.get("kind") or ""
    amount = row.get("total", row.get("amount"))
    parts = row.get("parts")
    if amount is None and isinstance(parts, list):
        amount = " + ".join(f"{p.get('label', '')} {_won(p.get('amount'))}" for p in parts if isinstance(p, dict))
    elif amount is not None:
        amount = _won(amount)
    return f"{label} {amount}".strip() if amount is not None else str(label)


def _figure(item: Mapping[str, Any], channels: Mapping[str, str]) -> str:
    """What the entry sets, in words: the first of fees, rows, amounts, periods, ages and texts it has."""
    fees = item.get("fees")
    if isinstance(fees, dict):
        flagged = set(item.get("unverified_channels", ()))
        return " · ".join(
            f"{channels.get(k, k)} {_won(v)}" + (" (미확인)" if k in flagged else "") for k, v in fees.items()
        )
    for key in ("rows", "table"):
        rows = item.get(key)
        if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):
            return " · ".join(_row_text(r) for r in rows)
    if "total" in item or ("amount" in item and "label" in item):
        return _row_text(item)
    if "amount" in item:
        return _won(item["amount"]) + (f" {item['suffix']}" if item.get("suffix") else "")
    if "percent" in item:
        return f"{item['percent']}% (한도 {_won(item.get('cap'))})"
    if "ten_year_min_age" in item:
        return f"10년 복수여권 만 {item['ten_year_min_age']}세 이상, 5년 만 {item.get('five_year_max_age')}세 이하"
    if "period" in item:
        return f"처리기간 {item['period']}"
    for key, unit in (("days", "일"), ("months", "개월"), ("period_months", "개월"), ("years", "년")):
        if key in item and isinstance(item[key], int) and not isinstance(item[key], bool):
            return f"{item[key]}{unit}" + (f" — {item['text']}" if item.get("text") else "")
    for key in ("description", "text", "label", "title"):
        if isinstance(item.get(key), str) and item[key]:
            return str(item[key])
    return ""


def _name(item: Mapping[str, Any], fallback: str) -> str:
    return str(item.get("name") or item.get("label") or item.get("code") or item.get("id") or fallback)


def _own_entry(item: Mapping[str, Any], *, nested: bool) -> bool:
    keys = ("source", "valid_from", "valid_to", "verified") if nested else ("source", "valid_from")
    return any(k in item for k in keys)


def _entries(
    file: str,
    section: str,
    value: Any,
    on: date | datetime,
    channels: Mapping[str, str],
    parent: TableEntry | None = None,
) -> list[TableEntry]:
    found: list[TableEntry] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            continue
        if not _own_entry(item, nested=parent is not None):
            for key, sub in item.items():
                if isinstance(sub, dict | list) and key not in _NOT_ENTRIES:
                    found.extend(_entries(file, f"{section}.{key}" if section else key, sub, on, channels, parent))
            continue
        dated = "valid_from" in item or "valid_to" in item
        if parent is not None and not dated:
            entry_in_force = parent.in_force
            valid_from, valid_to = parent.valid_from, parent.valid_to
        else:
            entry_in_force = is_in_force(item, on) and (parent is None or parent.in_force)
            valid_from = _shown_bound(item.get("valid_from"), end=False)
            valid_to = _shown_bound(item.get("valid_to"), end=True)
        figure = _figure(item, channels)
        last = section.rsplit(".", 1)[-1]
        name = _name(item, _SECTION_WORDS.get(last, last))
        if parent is not None:
            # a Text: the screen translates the parent's name and the part's word each (첫만남이용권 · 금액)
            name = Text("{parent} · {part}", parent=parent.name, part=name)
        entry = TableEntry(
            file=file,
            section=section,
            name=name,
            valid_from=valid_from,
            valid_to=valid_to,
            in_force=entry_in_force,
            verified=bool(item.get("verified", parent.verified if parent is not None else False)),
            source=str(item.get("source") or (parent.source if parent is not None else "")),
            figure=figure[:FIGURE_MAX] + ("…" if len(figure) > FIGURE_MAX else ""),
            figure_detail=figure,
        )
        found.append(entry)
        for key, sub in item.items():
            if isinstance(sub, dict | list):
                found.extend(_entries(file, f"{section}.{key}", sub, on, channels, entry))
    return found


# The words for a nested part that has no name of its own.
_SECTION_WORDS = {
    "figures": N_("금액"),
    "deadline": N_("신청기한"),
    "rules": N_("규칙"),
    "rows": N_("요금"),
    "items": N_("문구"),
    "sections": N_("문단"),
}


def list_entries(actor: Actor, *, on: date | datetime, only_unverified: bool = False) -> list[TableEntry]:
    """Every dated entry of every data file (for the supervisor's 자료표 view), in file order.

    ``on`` decides the "in force" column: a moment (entries may start at a time of day) or a date (its
    start, 00:00 in Seoul).
    """
    authorize(actor, "stats.view" if actor.role == "admin" else "fee.quote")
    rows: list[TableEntry] = []
    for path in sorted(DATA_DIR.glob("*.toml")):
        data = load_data(path.stem)
        channels = data.get("channels") if isinstance(data.get("channels"), dict) else {}
        for key, value in data.items():
            if isinstance(value, dict | list) and key not in _NOT_ENTRIES:
                rows.extend(_entries(path.name, key, value, on, channels or {}))
    if only_unverified:
        rows = [r for r in rows if not r.verified]
    return rows
