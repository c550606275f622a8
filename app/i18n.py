"""The program's languages: Korean is the source text, other languages come from gettext catalogs.

Every text a person reads goes through ``tr``: the Korean text is the message id, ``resources/i18n/<lang>.po``
holds the translation (extracted with babel, ``make catalog``; compiled to ``<lang>.mo`` by the install step,
read from the ``.po`` itself where no compiled file is there). A message with variables is a template with
named fields, ``tr("{name:을/를} 찾을 수 없습니다", name=...)``: a field's format spec may be a Korean particle
pair, which in Korean picks the form that fits the value's last syllable (``app.domain.josa``) and in any
other language is dropped. ``N_`` only marks a text for extraction (a constant evaluated at import, translated
where it is shown). Documents keep their own language: they format with ``render(..., lang="ko")``.

A text that depends on a count (``1 copy``, ``2 copies``) is ``ntr(singular, plural, n, **fields)``: Korean
has one form (both ids are usually the same), the catalog gives the language's gettext plural forms
(``msgid_plural`` / ``msgstr[0]`` …, chosen by the catalog's ``Plural-Forms``). An ordinal (1st, 2nd) is
``ordinal_suffix``: CLDR's ordinal rules by babel.
"""

from __future__ import annotations

import gettext
import logging
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.domain.messages import Text, fill
from app.resources import RESOURCES

__all__ = [
    "LANGUAGES",
    "N_",
    "catalog_path",
    "exception_text",
    "language",
    "ntr",
    "ordinal_suffix",
    "render",
    "set_language",
    "text_in",
    "tr",
    "translate",
]

LANGUAGES = ("ko", "en")
SOURCE = "ko"
DOMAIN = "minwon"
CATALOGS = RESOURCES / "i18n"

log = logging.getLogger(__name__)

_language = SOURCE


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else SOURCE


def language() -> str:
    return _language


def catalog_path(lang: str, suffix: str = ".po") -> Any:
    return CATALOGS / f"{lang}{suffix}"


def _read_po(path: Path) -> dict[str, str]:
    """msgid → text; a plural entry under its singular id too, in its last (the "many") form, so that a plain
    ``tr`` of an id that became plural elsewhere still reads the language."""
    return _parsed_po(path, path.stat().st_mtime_ns)[0]


def _read_po_plurals(path: Path) -> tuple[dict[str, tuple[str, ...]], str]:
    """(singular msgid → its forms, the catalog's plural expression) of the plural entries of a ``.po``."""
    _, forms, expr = _parsed_po(path, path.stat().st_mtime_ns)
    return forms, expr


@lru_cache(maxsize=8)
def _parsed_po(path: Path, _mtime: int) -> tuple[dict[str, str], dict[str, tuple[str, ...]], str]:
    """A ``.po`` read once (per change): its texts, its plural entries and its plural expression."""
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh)
    plain: dict[str, str] = {}
    forms: dict[str, tuple[str, ...]] = {}
    for m in catalog:
        if not m.id or m.fuzzy or not m.string:
            continue
        if isinstance(m.id, tuple) and isinstance(m.string, tuple | list) and all(m.string):
            forms[str(m.id[0])] = tuple(str(x) for x in m.string)
            plain.setdefault(str(m.id[0]), str(m.string[-1]))
        elif isinstance(m.id, str):
            plain[m.id] = str(m.string)
    return plain, forms, str(catalog.plural_expr)


@lru_cache(maxsize=4)
def _catalog(lang: str) -> dict[str, str]:
    """msgid → text of one language: the compiled ``.mo`` when it is as new as the ``.po``, else the ``.po``;
    a translator's own ``.po`` files in ``MINWON_EXTRA_PO`` (separated by ``os.pathsep``) on top, to try theirs."""
    found = _installed(lang)
    for extra in filter(None, os.environ.get("MINWON_EXTRA_PO", "").split(os.pathsep)):
        found = {**found, **_read_po(Path(extra))}
    return found


def _installed(lang: str) -> dict[str, str]:
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        entries = _mo_entries(mo)
        found: dict[str, str] = {}
        # a plural entry under its singular id too, in its last form (as ``_read_po``)
        for (msgid, _index), text in sorted((k, v) for k, v in entries.items() if isinstance(k, tuple)):
            found[str(msgid)] = str(text)
        found.update({str(k): str(v) for k, v in entries.items() if isinstance(k, str)})
        return found
    if not po.exists():
        log.warning("no catalog for language %s", lang)
        return {}
    return _read_po(po)


def _mo_entries(mo: Path) -> dict[Any, str]:
    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    return {k: v for k, v in translations._catalog.items() if k and v}  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _plurals(lang: str) -> tuple[dict[str, tuple[str, ...]], Callable[[int], int]]:
    """The plural entries of ``lang`` (singular msgid → forms) and its plural rule (count → form index); the
    translator's ``MINWON_EXTRA_PO`` files on top, as ``_catalog``."""
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    forms: dict[str, tuple[str, ...]] = {}
    expr = "(n != 1)"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        grouped: dict[str, dict[int, str]] = {}
        for key, value in compiled._catalog.items():  # type: ignore[attr-defined]
            if isinstance(key, tuple):
                grouped.setdefault(str(key[0]), {})[int(key[1])] = str(value)
        forms = {k: tuple(v[i] for i in sorted(v)) for k, v in grouped.items()}
        rule: Callable[[int], int] = compiled.plural  # type: ignore[attr-defined]
    else:
        if po.exists():
            forms, expr = _read_po_plurals(po)
        rule = gettext.c2py(expr)
    for extra in filter(None, os.environ.get("MINWON_EXTRA_PO", "").split(os.pathsep)):
        more, _ = _read_po_plurals(Path(extra))
        forms = {**forms, **more}
    return forms, rule


def ntr(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The text for the count ``n`` in the UI language, its fields filled in: ``ntr(" 부", " 부", copies)`` is
    `` copy`` for 1 and `` copies`` for 2 in English. Korean (the source) takes ``singular`` for 1 and
    ``plural`` otherwise, as gettext does; a catalog with a plain entry only gives it for every count, one
    without any entry shows the Korean."""
    lang = _language
    text = singular if n == 1 else plural
    if lang != SOURCE:
        forms, rule = _plurals(lang)
        found = forms.get(singular)
        if found:
            text = found[min(max(rule(n), 0), len(found) - 1)]
        else:  # not (yet) a plural entry: its plain translation, one text for every count, as before
            text = _catalog(lang).get(singular, text)
        if params:
            params = {k: translate(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return render(text, params, lang)
    except (KeyError, IndexError, ValueError):
        log.error("translation of %r does not fit its fields", singular)
        return render(singular if n == 1 else plural, params, SOURCE)


# The ordinal suffixes of a language by CLDR's ordinal categories (babel's ``Locale.ordinal_form``): locale
# data, as the month names babel writes; Korean writes its own suffix (``째``) after the number.
ORDINAL_SUFFIXES = {"en": {"one": "st", "two": "nd", "few": "rd", "other": "th"}}


def ordinal_suffix(korean: str, n: int, lang: str | None = None) -> str:
    """What follows the number ``n`` to make it an ordinal: ``korean`` (``째``) in Korean, ``st``/``nd``/``rd``/
    ``th`` in English (1st, 2nd, 3rd, 11th, 22nd)."""
    lang = lang or _language
    suffixes = ORDINAL_SUFFIXES.get(lang)
    if lang == SOURCE:
        return korean
    if suffixes is None:
        return translate(korean, lang)
    from babel import Locale

    return suffixes.get(Locale.parse(lang).ordinal_form(n), suffixes["other"])


def translate(msgid: str, lang: str | None = None) -> str:
    """The text of ``msgid`` in ``lang`` (the UI language when None); the Korean itself where none exists. A
    domain ``Text`` is translated by its template, its fields that are catalog texts as well."""
    lang = lang or _language
    if lang == SOURCE or not msgid:
        return msgid
    if isinstance(msgid, Text):
        return text_in(lang, msgid.template, **msgid.params)
    return _catalog(lang).get(msgid, msgid)


def render(template: str, params: dict[str, Any], lang: str | None = None) -> str:
    """``template`` (already in ``lang``) with its named fields filled in (particles only in Korean)."""
    return fill(template, params, particles=(lang or _language) == SOURCE)


def text_in(lang: str, msgid: str, /, **params: Any) -> str:
    """``msgid`` in ``lang`` with its fields filled in; a field whose value is a text of the catalogs
    (``what="친절도"``, a status, a domain ``Text``) is translated as well, a record's value is not."""
    text = translate(msgid, lang)
    if lang != SOURCE:
        params = {k: translate(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return render(text, params, lang)
    except (KeyError, IndexError, ValueError):
        # a translation that names a field the source does not: the source text rather than nothing
        log.error("translation of %r does not fit its fields", msgid)
        return render(msgid, params, SOURCE)


def exception_text(exc: BaseException, lang: str | None = None) -> str:
    """An exception's message in ``lang`` (the UI language when None): its first argument translated, a domain
    ``Text`` by its template and fields, a plain text by the catalog (``KeyFileError``, the start's refusals)."""
    first = exc.args[0] if exc.args else None
    return translate(first, lang) if isinstance(first, str) and first else str(exc)


def tr(msgid: str, /, **params: Any) -> str:
    """The text in the UI language, its fields filled in: ``tr("영수증 {number}", number=n)``."""
    return text_in(_language, msgid, **params)


def N_(msgid: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later"
    return msgid
