"""The translation catalogs: every text of the program has its English, with the same fields, and the
machinery (templates with particles, the compiled catalog, a translation that does not fit) works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.i18n_catalog import compile_catalogs, extract, fields, problems
from app.services.errors import ValidationError


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("ko")


def test_the_english_catalog_has_every_text_of_the_program() -> None:
    found = problems("en")
    assert not found, f"{len(found)} problems in resources/i18n/en.po (make catalog, then translate):\n" + "\n".join(
        found[:80]
    )


def test_extraction_finds_screens_services_and_data_labels() -> None:
    ids = {m.id for m in extract() if m.id}
    assert "발급·수납 (Ctrl+S)" in ids  # a button (ui/tabs/counter/certificates.py)
    assert "비밀번호는 {length}자 이상이어야 합니다." in ids or any("비밀번호는" in i for i in ids)  # a refusal
    assert "주민등록표 등본" in ids  # a certificate's name in resources/data/certificates.toml
    assert "위 금액을 정히 영수합니다." in ids  # the receipt's sentence (documents translate by w.tr)
    assert len(ids) > 1000


def test_fields_of_a_template_ignore_particles_and_escaped_braces() -> None:
    assert fields("{name:을/를} 찾을 수 없습니다: {number}") == {"name", "number"}
    assert fields("{{literal}} {count:,}건") == {"count"}


def test_a_template_takes_the_particle_in_korean_and_drops_it_in_english(english) -> None:  # type: ignore[no-untyped-def]
    template = "{what:은/는} 1~5 사이여야 합니다: {number}"
    assert i18n.render(template, {"what": "친절도", "number": 7}, "ko") == "친절도는 1~5 사이여야 합니다: 7"
    assert i18n.render(template, {"what": "만족도 점수", "number": 7}, "ko") == "만족도 점수는 1~5 사이여야 합니다: 7"
    assert i18n.render("{name:을/를} 고르세요", {"name": "등본"}, "ko") == "등본을 고르세요"
    assert i18n.render("{name:을/를} 고르세요", {"name": "등본"}, "en") == "등본 고르세요"


def test_a_refusal_is_korean_in_the_log_and_english_on_an_english_screen(english) -> None:  # type: ignore[no-untyped-def]
    error = ValidationError("조회 기간의 끝이 시작보다 앞섭니다.")
    assert error.message == "조회 기간의 끝이 시작보다 앞섭니다." == str(error)
    assert error.text() != error.message and "end" in error.text().lower()


@pytest.mark.allow_log("app.i18n")
def test_a_translation_whose_fields_do_not_fit_falls_back_to_korean(monkeypatch, english) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(i18n, "_catalog", lambda _lang: {"영수증 {number}": "Receipt {numero}"})
    assert i18n.tr("영수증 {number}", number="20261202-0001") == "영수증 20261202-0001"


def test_a_field_that_is_a_catalog_text_is_translated_a_name_is_not(monkeypatch, english) -> None:  # type: ignore[no-untyped-def]
    table = {"{what}: {name}": "{what}: {name}", "친절도": "Kindness"}
    monkeypatch.setattr(i18n, "_catalog", lambda _lang: table)
    assert i18n.tr("{what}: {name}", what="친절도", name="홍길동") == "Kindness: 홍길동"


def test_the_compiled_catalog_is_read_and_a_stale_one_is_not(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    po = tmp_path / "en.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "닫기"\nmsgstr "Close"\n')
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    monkeypatch.setattr("app.i18n_catalog.CATALOGS", tmp_path)
    i18n._catalog.cache_clear()
    try:
        assert i18n._installed("en") == {"닫기": "Close"}  # from the .po: no .mo yet
        (mo,) = compile_catalogs()
        assert mo == tmp_path / "en.mo" and mo.stat().st_size > 0
        assert i18n._installed("en") == {"닫기": "Close"}  # from the .mo
        po.write_text(po.read_text().replace('"Close"', '"Shut"'))
        import os

        os.utime(mo, (mo.stat().st_mtime - 10, mo.stat().st_mtime - 10))
        assert i18n._installed("en") == {"닫기": "Shut"}  # the .mo is older than the .po: the .po wins
    finally:
        i18n._catalog.cache_clear()
