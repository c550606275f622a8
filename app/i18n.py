"""The program's languages: Korean is the source text, other languages come from gettext catalogs.

Every text a person reads goes through ``tr``: the Korean text is the message id, ``resources/i18n/<lang>.po``
holds the translation (extracted with babel, ``make catalog``; compiled to ``<lang>.mo`` by the install step,
read from the ``.po`` itself where no compiled file is there). A message with variables is a template with
named fields, ``tr("{name:을/를} 찾을 수 없습니다", name=...)``: a field's format spec may be a Korean particle
pair, which in Korean picks the form that fits the value's last syllable (``app.domain.josa``) and in any
other language is dropped. ``N_`` only marks a text for extraction (a constant evaluated at import, translated
where it is shown). Documents keep their own language: they format with ``render(..., lang="ko")``.
"""

from __future__ import annotations

import gettext
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.domain.messages import Text, fill
from app.resources import RESOURCES

__all__ = ["LANGUAGES", "N_", "catalog_path", "language", "render", "set_language", "text_in", "tr", "translate"]

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
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        messages = read_po(fh)
    return {str(m.id): str(m.string) for m in messages if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


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
        with mo.open("rb") as fh:
            translations = gettext.GNUTranslations(fh)
        return {str(k): str(v) for k, v in translations._catalog.items() if k and v}  # type: ignore[attr-defined]
    if not po.exists():
        log.warning("no catalog for language %s", lang)
        return {}
    return _read_po(po)


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


def tr(msgid: str, /, **params: Any) -> str:
    """The text in the UI language, its fields filled in: ``tr("영수증 {number}", number=n)``."""
    return text_in(_language, msgid, **params)


def N_(msgid: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later"
    return msgid
