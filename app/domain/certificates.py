"""Certificate fees at the counter (제증명 수수료): kinds, channels, exemptions, from certificates.toml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from app.domain.calendar import SEOUL, seoul_today
from app.domain.effective import in_force, pick_in_force
from app.domain.josa import josa, particle
from app.resources import DataFileError, load_data

TABLE = "certificates"
TABLE_PATH = "resources/data/certificates.toml"
MAX_COPIES = 100  # a sanity bound on one request, not a legal figure

# Korean words a clerk may type for a channel, besides the codes themselves.
_CHANNEL_WORDS = {
    "창구": "counter",
    "무인민원발급기": "kiosk",
    "무인발급기": "kiosk",
    "발급기": "kiosk",
    "온라인": "online",
    "인터넷": "online",
    "정부24": "online",
}


@dataclass(frozen=True)
class CertificateKind:
    """One kind of certificate with its fees per channel (won a copy) as in force on a date."""

    code: str
    name: str
    group: str
    fees: Mapping[str, int]  # channel code -> won per copy; a missing channel does not issue it
    night_allowed: bool
    verified: bool
    source: str
    valid_from: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    unverified_channels: tuple[str, ...] = ()  # channels whose fee is unconfirmed though the entry is verified

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self.fees)

    def fee(self, channel: str) -> int | None:
        """Won per copy on ``channel``, or None where the channel does not issue this kind."""
        return self.fees.get(channel)

    def fee_verified(self, channel: str) -> bool:
        """True when the fee on ``channel`` is confirmed (the entry verified and the channel not flagged)."""
        return self.verified and channel not in self.unverified_channels


@dataclass(frozen=True)
class Exemption:
    """A fee exemption (수수료 면제) and the kinds it applies to."""

    code: str
    label: str
    description: str
    applies_to: tuple[str, ...]
    verified: bool
    source: str
    valid_from: str
    max_copies: int | None = None  # the most copies of one request it covers (출생신고인 기본증명서: 1)


@dataclass(frozen=True)
class FeeQuote:
    """A fee with everything a receipt or a supervisor needs to trace it to its table entry."""

    kind_code: str
    kind_name: str
    channel: str
    channel_label: str
    unit_fee: int  # the table's fee a copy, even when exempt
    copies: int
    amount: int  # what the applicant pays: 0 with an exemption
    exemption_code: str | None
    exemption_label: str | None
    verified: bool  # False when the fee or the exemption is unconfirmed
    table: str  # the data file the figure came from
    source: str  # the law or notice the kind's entry cites
    valid_from: str  # the kind's entry in force
    exemption_source: str | None

    @property
    def waived(self) -> int:
        """The amount the exemption waived (0 without one)."""
        return self.unit_fee * self.copies - self.amount


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def _day(on: date | datetime | None) -> date:
    if on is None:
        return seoul_today()
    if isinstance(on, datetime):
        return on.astimezone(SEOUL).date() if on.tzinfo is not None else on.date()
    return on


@dataclass(frozen=True)
class _Table:
    channels: Mapping[str, str]
    kinds: tuple[dict[str, Any], ...]
    exemptions: tuple[dict[str, Any], ...]


_KIND_KEYS = ("code", "name", "group", "fees", "night_allowed", "valid_from", "source", "verified")


def _require(entry: Mapping[str, Any], keys: tuple[str, ...], what: str) -> None:
    missing = [k for k in keys if k not in entry]
    if missing:
        raise DataFileError(f"{TABLE}.toml: {what}에 {', '.join(missing)} 항목이 없습니다.")


@lru_cache(maxsize=1)
def _table() -> _Table:
    data = load_data(TABLE)
    channels = data.get("channels")
    if not isinstance(channels, dict) or not channels:
        raise DataFileError(f"{TABLE}.toml: [channels] 표가 없습니다.")
    kinds = tuple(data.get("kinds", ()))
    exemptions = tuple(data.get("exemptions", ()))
    if not kinds:
        raise DataFileError(f"{TABLE}.toml: [[kinds]] 표가 없습니다.")
    seen: set[tuple[str, str]] = set()
    for entry in kinds:
        what = f"증명서 '{entry.get('code', '?')}'"
        _require(entry, _KIND_KEYS, what)
        if (entry["code"], entry["valid_from"]) in seen:
            raise DataFileError(f"{TABLE}.toml: {josa(what, '이/가')} 같은 valid_from으로 두 번 있습니다.")
        seen.add((entry["code"], entry["valid_from"]))
        for channel, fee in entry["fees"].items():
            if channel not in channels:
                raise DataFileError(
                    f"{TABLE}.toml: {what}의 발급 경로 '{channel}'{particle(channel, '이/가')} [channels]에 없습니다."
                )
            if isinstance(fee, bool) or not isinstance(fee, int) or fee < 0:
                raise DataFileError(
                    f"{TABLE}.toml: {what}의 수수료 {josa(repr(fee), '은/는')} 0 이상의 정수(원)여야 합니다."
                )
        stray = set(entry.get("unverified_channels", ())) - set(entry["fees"])
        if stray:
            raise DataFileError(
                f"{TABLE}.toml: {what}의 unverified_channels {josa(sorted(stray), '이/가')} fees에 없습니다."
            )
    known = {entry["code"] for entry in kinds}
    for entry in exemptions:
        what = f"감면 '{entry.get('code', '?')}'"
        _require(entry, ("code", "label", "applies_to", "valid_from", "source", "verified"), what)
        unknown = set(entry["applies_to"]) - known
        if unknown:
            raise DataFileError(f"{TABLE}.toml: {what}의 대상 {josa(sorted(unknown), '이/가')} [[kinds]]에 없습니다.")
        limit = entry.get("max_copies")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise DataFileError(
                f"{TABLE}.toml: {what}의 max_copies {josa(repr(limit), '은/는')} 1 이상의 정수여야 합니다."
            )
    return _Table(MappingProxyType(dict(channels)), kinds, exemptions)


def _kind(entry: Mapping[str, Any]) -> CertificateKind:
    return CertificateKind(
        code=str(entry["code"]),
        name=str(entry["name"]),
        group=str(entry["group"]),
        fees=MappingProxyType({str(k): int(v) for k, v in entry["fees"].items()}),
        night_allowed=bool(entry["night_allowed"]),
        verified=bool(entry["verified"]),
        source=str(entry["source"]),
        valid_from=str(entry["valid_from"]),
        aliases=tuple(str(a) for a in entry.get("aliases", ())),
        note=str(entry.get("note", "")),
        unverified_channels=tuple(str(c) for c in entry.get("unverified_channels", ())),
    )


def _exemption(entry: Mapping[str, Any]) -> Exemption:
    return Exemption(
        code=str(entry["code"]),
        label=str(entry["label"]),
        description=str(entry.get("description", "")),
        applies_to=tuple(str(c) for c in entry["applies_to"]),
        verified=bool(entry["verified"]),
        source=str(entry["source"]),
        valid_from=str(entry["valid_from"]),
        max_copies=int(entry["max_copies"]) if entry.get("max_copies") is not None else None,
    )


def _codes_in_order(entries: tuple[dict[str, Any], ...]) -> list[str]:
    return list(dict.fromkeys(str(e["code"]) for e in entries))


def channel_labels() -> Mapping[str, str]:
    """Channel code -> Korean label (창구, 무인민원발급기, 온라인(정부24))."""
    return _table().channels


def list_certificate_kinds(*, on: date | datetime | None = None, night_only: bool = False) -> list[CertificateKind]:
    """The kinds in force on ``on`` (default today), in table order; only night-window ones if asked."""
    day = _day(on)
    table = _table()
    kinds: list[CertificateKind] = []
    for code in _codes_in_order(table.kinds):
        current = in_force([e for e in table.kinds if e["code"] == code], day)
        if not current:
            continue
        kind = _kind(pick_in_force(current, day))
        if night_only and not kind.night_allowed:
            continue
        kinds.append(kind)
    return kinds


def list_exemptions(*, on: date | datetime | None = None, kind: str | None = None) -> list[Exemption]:
    """The fee exemptions in force on ``on`` (default today), in table order; with ``kind`` (a code, name or
    alias) only those that apply to that kind (가족관계의 등록 등에 관한 규칙 제28조④ for the 가족관계등록부
    증명서), for the certificate form's choices."""
    day = _day(on)
    table = _table()
    wanted = get_certificate_kind(kind, on=day).code if kind is not None else None
    found: list[Exemption] = []
    for code in _codes_in_order(table.exemptions):
        current = in_force([e for e in table.exemptions if e["code"] == code], day)
        if current:
            exemption = _exemption(pick_in_force(current, day))
            if wanted is None or wanted in exemption.applies_to:
                found.append(exemption)
    return found


def get_certificate_kind(kind: str, *, on: date | datetime | None = None) -> CertificateKind:
    """The kind named by its code, its Korean name or an alias (spaces ignored)."""
    if not isinstance(kind, str) or not kind.strip():
        raise ValueError("증명서 종류를 입력해 주십시오.")
    wanted = _key(kind)
    for candidate in list_certificate_kinds(on=on):
        names = (candidate.code, candidate.name, *candidate.aliases)
        if wanted in {_key(n) for n in names}:
            return candidate
    raise ValueError(f"'{kind}'{particle(kind, '은/는')} 발급할 수 있는 증명서 종류가 아닙니다.")


def _channel(channel: str) -> str:
    labels = channel_labels()
    if channel in labels:
        return channel
    key = _key(channel) if isinstance(channel, str) else ""
    for code, label in labels.items():
        if key in (_key(code), _key(label)):
            return code
    if key in _CHANNEL_WORDS:
        return _CHANNEL_WORDS[key]
    raise ValueError(
        f"발급 경로 '{channel}'{particle(channel, '을/를')} 알 수 없습니다. "
        "창구, 무인민원발급기, 온라인 중에서 고르십시오."
    )


def _find_exemption(exemption: str, kind: CertificateKind, on: date) -> Exemption:
    wanted = _key(exemption)
    for candidate in list_exemptions(on=on):
        if wanted in (_key(candidate.code), _key(candidate.label)):
            if kind.code not in candidate.applies_to:
                raise ValueError(f"'{candidate.label}' 감면은 {kind.name}에는 적용되지 않습니다.")
            return candidate
    raise ValueError(f"수수료 감면 사유 '{exemption}'{particle(exemption, '을/를')} 알 수 없습니다.")


def fee_quote(
    kind: str,
    copies: int,
    *,
    channel: str = "counter",
    exemption: str | None = None,
    on: date | datetime | None = None,
) -> FeeQuote:
    """The fee for ``copies`` of ``kind`` on ``channel``, with the table entry that produced it."""
    if isinstance(copies, bool) or not isinstance(copies, int):
        raise ValueError(f"발급 부수는 정수여야 합니다: {copies!r}")
    if copies < 1:
        raise ValueError("발급 부수는 1부 이상이어야 합니다.")
    if copies > MAX_COPIES:
        raise ValueError(f"한 번에 {MAX_COPIES}부까지 발급할 수 있습니다.")
    day = _day(on)
    found = get_certificate_kind(kind, on=day)
    channel_code = _channel(channel)
    label = channel_labels()[channel_code]
    unit_fee = found.fee(channel_code)
    if unit_fee is None:
        raise ValueError(f"{josa(found.name, '은/는')} {label}에서 발급하지 않습니다.")
    waiver = _find_exemption(exemption, found, day) if exemption else None
    if waiver is not None and waiver.max_copies is not None and copies > waiver.max_copies:
        raise ValueError(
            f"'{waiver.label}' 감면은 {waiver.max_copies}통에만 적용됩니다. "
            f"나머지 {copies - waiver.max_copies}통은 감면 없이 한 줄을 더 추가하십시오."
        )
    return FeeQuote(
        kind_code=found.code,
        kind_name=found.name,
        channel=channel_code,
        channel_label=label,
        unit_fee=unit_fee,
        copies=copies,
        amount=0 if waiver else unit_fee * copies,
        exemption_code=waiver.code if waiver else None,
        exemption_label=waiver.label if waiver else None,
        verified=found.fee_verified(channel_code) and (waiver.verified if waiver else True),
        table=TABLE_PATH,
        source=found.source,
        valid_from=found.valid_from,
        exemption_source=waiver.source if waiver else None,
    )


def certificate_fee(
    kind: str,
    copies: int,
    *,
    channel: str = "counter",
    exemption: str | None = None,
    on: date | datetime | None = None,
) -> int:
    """Won to pay for ``copies`` of ``kind`` (code or Korean name); 0 with an applicable exemption."""
    return fee_quote(kind, copies, channel=channel, exemption=exemption, on=on).amount
