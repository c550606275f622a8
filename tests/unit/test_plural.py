"""Texts that depend on a count (issue 16): ``ntr`` reads gettext plural forms ("1 copy", "2 copies"), the
catalog tools extract and check plural entries, ordinals follow CLDR ("1st", "22nd"), and a family filing's
field names are templates, so a refusal naming "모의 전화번호" reads "Mother's phone number" in English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app import i18n
from app import i18n_catalog as catalog_tools
from app.services.errors import ValidationError

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid " 부"
msgid_plural " 부"
msgstr[0] " copy"
msgstr[1] " copies"

msgid "{count}건 {what}"
msgid_plural "{count}건 {what}"
msgstr[0] "{count} {what} case"
msgstr[1] "{count} {what} cases"

msgid "닫기"
msgstr "Close"

msgid "친절도"
msgstr "Kindness"
"""


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An English catalog of its own (a .po, no .mo), the program in English."""
    po = tmp_path / "en.po"
    po.write_text(PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    monkeypatch.delenv("MINWON_EXTRA_PO", raising=False)
    i18n._catalog.cache_clear()
    i18n._plurals.cache_clear()
    i18n.set_language("en")
    try:
        yield po
    finally:
        i18n.set_language("ko")
        i18n._catalog.cache_clear()
        i18n._plurals.cache_clear()


def test_a_count_picks_the_english_form_and_korean_keeps_its_one(catalog: Path) -> None:
    assert i18n.ntr(" 부", " 부", 1) == " copy"
    assert i18n.ntr(" 부", " 부", 2) == " copies"
    assert i18n.ntr(" 부", " 부", 0) == " copies"
    # fields filled in, a field that is a catalog text translated as ``tr`` does
    assert i18n.ntr("{count}건 {what}", "{count}건 {what}", 1, count=1, what="친절도") == "1 Kindness case"
    assert i18n.ntr("{count}건 {what}", "{count}건 {what}", 3, count=3, what="친절도") == "3 Kindness cases"
    # a plural entry answers a plain ``tr`` of its singular id too (its "many" form), and plain texts still work
    assert i18n.tr(" 부") == " copies" and i18n.tr("닫기") == "Close"
    # a plain entry only (a catalog not yet updated): its one text for every count; no entry: the Korean
    assert i18n.ntr("닫기", "닫기", 1) == "Close" == i18n.ntr("닫기", "닫기", 2)
    assert i18n.ntr("회", "회", 2) == "회"
    i18n.set_language("ko")
    assert i18n.ntr(" 부", " 부", 1) == " 부" == i18n.ntr(" 부", " 부", 5)
    assert i18n.ntr("{count}건", "{count}건", 5, count=5) == "5건"


def test_the_compiled_catalog_gives_the_same_forms(catalog: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog.open("rb") as fh:
        parsed = read_po(fh, locale="en")
    with catalog.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, parsed)
    i18n._catalog.cache_clear()
    i18n._plurals.cache_clear()
    assert i18n._installed("en")["닫기"] == "Close"  # read from the .mo
    assert i18n.ntr(" 부", " 부", 1) == " copy" and i18n.ntr(" 부", " 부", 7) == " copies"
    assert i18n.tr(" 부") == " copies" and i18n.tr("닫기") == "Close"


def test_ordinals_follow_the_language() -> None:
    english = [f"{n}{i18n.ordinal_suffix('째', n, 'en')}" for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)]
    assert english == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]
    assert i18n.ordinal_suffix("째", 2, "ko") == "째"


def test_plural_texts_are_extracted_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = catalog_tools.extract()
    copies = template.get((" 부", " 부"))
    assert copies is not None and copies.pluralizable  # ntr(" 부", " 부", n) in ui/tabs/counter/certificates.py
    assert any("certificates.py" in f for f, _ in copies.locations)
    # problems() reads every form: one missing, a field that differs, Korean left in a form
    po = tmp_path / "en.po"
    header = PO[: PO.index('msgid " 부"')]
    entries = {
        "missing": 'msgid " 부"\nmsgid_plural " 부"\nmsgstr[0] " copy"\nmsgstr[1] ""\n',
        "fields": 'msgid " 부"\nmsgid_plural " 부"\nmsgstr[0] " copy"\nmsgstr[1] " {n} copies"\n',
        "hangul": 'msgid " 부"\nmsgid_plural " 부"\nmsgstr[0] " copy"\nmsgstr[1] " 장"\n',
        "plain": 'msgid " 부"\nmsgstr " copies"\n',
        "good": 'msgid " 부"\nmsgid_plural " 부"\nmsgstr[0] " copy"\nmsgstr[1] " copies"\n',
    }
    monkeypatch.setattr(catalog_tools, "CATALOGS", tmp_path)
    monkeypatch.setattr(catalog_tools, "extract", lambda: _only(template, (" 부", " 부")))
    said = {}
    for name, entry in entries.items():
        po.write_text(header + entry, encoding="utf-8")
        said[name] = catalog_tools.problems("en")
    assert said["missing"] and said["missing"][0].startswith("untranslated")
    assert said["fields"] and said["fields"][0].startswith("fields differ")
    assert said["hangul"] and said["hangul"][0].startswith("Hangul left")
    assert said["plain"] and "plural" in said["plain"][0]
    assert said["good"] == []


def _only(template, msgid):  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog

    one = Catalog(locale=None)
    one.add(msgid, locations=template.get(msgid).locations)
    return one


@pytest.fixture
def english_with_fragment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    i18n._catalog.cache_clear()
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("ko")
        i18n._catalog.cache_clear()


def _rrn(first12: str) -> str:
    from app.domain.identity import check_digit

    body = first12.replace("-", "")
    return f"{body[:6]}-{body[6:]}{check_digit(body)}"


def test_a_family_refusal_names_the_field_in_english(english_with_fragment: None) -> None:
    from app.services.family.checks import check_filing
    from app.views.family import FilingInput, PersonInput

    filing = FilingInput(
        kind="death",
        event_date=date(2026, 1, 10),
        persons={"deceased": PersonInput("이순자", _rrn("400305-223456"), phone="0" * 41)},
        filer_relation="cohabiting_relative",
        filer=PersonInput("이영수", phone="010-2222-3333"),
        details={"death_date": date(2026, 1, 9), "death_place": "자택", "proof": "진단서"},
    )
    with pytest.raises(ValidationError) as caught:
        check_filing(filing, date(2026, 1, 12))
    assert caught.value.message == "사망자의 전화번호가 너무 깁니다 (40자 이내, 입력 41자)."  # Korean as before
    assert caught.value.text() == "Deceased's phone number is too long (at most 40 characters, entered 41)."
