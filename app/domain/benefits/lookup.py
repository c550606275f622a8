"""The public look-ups: answers for a household, one benefit described, search, benefits of an event."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from app.domain.benefits.amounts import figures_on, figures_summary
from app.domain.benefits.answers import answer_for
from app.domain.benefits.catalog import AUDIENCE_ALL, as_date, audiences_for, entries_in_force, load_catalog
from app.domain.benefits.rules import build_context
from app.domain.benefits.values import BenefitAnswer, BenefitInfo, Household, joined
from app.domain.messages import N_, Refusal

_SEARCH_NOISE = re.compile(r"[\s·ㆍ•\-_,./()]+")


def match_benefits(
    household: Household,
    *,
    on: date,
    audience: str = "주민",
    codes: Collection[str] | None = None,
) -> list[BenefitAnswer]:
    """Evaluate every benefit in force on ``on`` for ``audience`` (주민, 직원 or 전체), in catalog order.

    ``codes`` limits the answers to those benefits (e.g. the result of a search). With audience 직원
    the person asking is taken to be staff (직원), and the reasons say so.
    """
    cat = load_catalog()
    entries = entries_in_force(on, audiences_for(audience))
    if household.event is not None and household.event.date > on:
        raise Refusal(
            N_("{event} 날짜({day})가 조회일({on})보다 뒤입니다."),
            event=household.event.kind,
            day=household.event.date.isoformat(),
            on=on.isoformat(),
        )
    if codes is not None:
        known = {e["code"] for e in cat.entries}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise Refusal(N_("알 수 없는 혜택 코드입니다: {codes}"), codes=", ".join(unknown))
        entries = [e for e in entries if e["code"] in codes]
    ctx = build_context(household, on, audience, cat)
    return [answer_for(entry, ctx, cat.version) for entry in entries]


def _info(entry: Mapping[str, Any], on: date) -> BenefitInfo:
    fig, _ = figures_on(entry, on)
    return BenefitInfo(
        code=entry["code"],
        name=entry["name"],
        audience=entry["audience"],
        kind=entry["kind"],
        description=entry["description"],
        amount_text=figures_summary(entry, fig),
        apply_where=entry["apply_where"],
        documents=tuple(entry.get("documents", [])),
        deadline_text=str(entry.get("deadline", {}).get("text", "")),
        events=tuple(entry.get("events", [])),
        keywords=tuple(entry.get("keywords", [])),
        valid_from=as_date(entry["valid_from"]),
        valid_to=as_date(entry["valid_to"]) if "valid_to" in entry else None,
        verified=bool(entry["verified"]),
        source=str(entry["source"]),
    )


def describe_benefit(code: str, *, on: date) -> BenefitInfo:
    """The benefit ``code`` as it stands on ``on``; LookupError (Korean) when it is not in force."""
    entries = entries_in_force(on, load_catalog().audiences)
    for entry in entries:
        if entry["code"] == code:
            return _info(entry, on)
    raise LookupError(f"{on.isoformat()}에 시행 중인 혜택이 아닙니다: {code}")


def _normalize(text: str) -> str:
    return _SEARCH_NOISE.sub("", text).casefold()


def search_benefits(text: str, *, on: date, audience: str = "주민") -> list[BenefitInfo]:
    """Benefits in force whose name, description, keywords or events contain every word of ``text``.

    Spaces and punctuation such as ``·`` are ignored (``동행 카드`` finds 아동·청소년 동행카드); matches
    in the name come first, then catalog order. An empty text lists every benefit in force.
    """
    words = [w for w in (_normalize(part) for part in text.split()) if w]
    entries = entries_in_force(on, audiences_for(audience))
    ranked: list[tuple[int, int, Mapping[str, Any]]] = []
    for position, entry in enumerate(entries):
        name = _normalize(entry["name"])
        haystack = (
            name
            + "|"
            + "|".join(
                _normalize(part)
                for part in (
                    entry["code"],
                    entry["description"],
                    *entry.get("keywords", []),
                    *entry.get("events", []),
                    entry.get("service_text", ""),
                )
            )
        )
        if all(word in haystack for word in words):
            in_name = bool(words) and all(word in name for word in words)
            ranked.append((0 if in_name else 1, position, entry))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [_info(entry, on) for _, _, entry in ranked]


def benefits_for_event(kind: str, *, on: date | None = None, audience: str = AUDIENCE_ALL) -> list[str]:
    """Codes of the benefits relevant to a life event (출생, 사망, 입학), in catalog order.

    Without ``on`` every benefit ever in the catalog counts; with it, only those in force that day.
    """
    cat = load_catalog()
    if kind not in cat.event_kinds:
        raise Refusal(
            N_("알 수 없는 사건입니다: {kind!r} ({kinds} 중에서 고르세요)."),
            kind=kind,
            kinds=joined("·", cat.event_kinds),
        )
    audiences = audiences_for(audience)
    entries: Iterable[Mapping[str, Any]]
    entries = cat.entries if on is None else entries_in_force(on, audiences)
    codes: list[str] = []
    for entry in entries:
        if entry["audience"] in audiences and kind in entry.get("events", []) and entry["code"] not in codes:
            codes.append(entry["code"])
    return codes
