"""The translation catalogs, made with babel: extract the Korean texts, update ``<lang>.po``, compile ``.mo``.

    python -m app.i18n_catalog update    # extract from app/, ui/, main.py and resources/data, merge into en.po
    python -m app.i18n_catalog compile   # en.po -> en.mo (the install step runs this)
    python -m app.i18n_catalog check     # what en.po lacks or gets wrong (the catalog test says the same)

The message ids are the Korean texts themselves: every ``tr("…")`` and ``N_("…")`` of the code, the first
argument of the service refusals (``ValidationError("…", name=…)`` and its kin), and the labels of the data
files that the screens show (the names of certificates, petitions, filings, benefits, passport fees: the keys
in ``DATA_LABELS``).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.i18n import CATALOGS, LANGUAGES, SOURCE

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS: dict[str, Any] = {
    "tr": None,
    "ntr": (1, 2),  # ntr(singular, plural, n, ...): a plural entry (msgid_plural, msgstr[0] …)
    "Text": None,
    "N_": None,
    "ServiceError": None,
    "ValidationError": None,
    "RuleViolation": None,
    "NotFound": None,
    "PermissionDenied": None,
    "FieldError": None,
    "SettingError": None,
    "SettingsTooNew": None,
    "BackupInvalid": None,
    "SignInFailed": None,
}
SOURCES = ("app", "db", "ui")
# the keys of resources/data/*.toml whose texts the screens show as labels (long texts stay Korean: they are
# the office's own wording of the law and are printed as they are)
DATA_LABELS = {
    "certificates.toml": ("name", "label", "group"),
    "family.toml": ("name", "group_name", "label"),
    "petitions.toml": ("name", "category", "department", "stat_group"),
    "passport_fees.toml": ("label", "kind", "name"),
    "benefits.toml": ("name",),
    "statistics.toml": ("name", "title"),
    "passport_documents.toml": ("name", "text", "why"),
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_WORDS = re.compile(r"[\uac00-\ud7a3]+")
FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)")


def _data_labels() -> Iterator[tuple[str, str]]:
    """(where, text) of every label in the data files."""

    def walk(value: Any, keys: tuple[str, ...]) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and key in keys:
                    yield item
                else:
                    yield from walk(item, keys)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, keys)

    for name, keys in DATA_LABELS.items():
        path = ROOT / "resources" / "data" / name
        with path.open("rb") as fh:
            for text in walk(tomllib.load(fh), keys):
                if HANGUL.search(text):
                    yield f"resources/data/{name}", text


def extract() -> Any:
    """The template catalog of every text to translate."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file

    template = Catalog(project="minwon-desk", locale=None, fuzzy=False)
    for package in SOURCES:
        for filename, lineno, message, comments, _context in extract_from_dir(
            str(ROOT / package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
        ):
            if _wanted(message):
                template.add(message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments)
    for lineno, message, comments, _context in extract_from_file("python", str(ROOT / "main.py"), KEYWORDS):
        if _wanted(message):
            template.add(message, locations=[("main.py", lineno)], auto_comments=comments)
    for where, text in _data_labels():
        template.add(text, locations=[(where, 0)])
    return template


def _wanted(message: Any) -> bool:
    """A text to translate: a literal message id, or a plural's literal (singular, plural) pair."""
    if isinstance(message, tuple):
        return len(message) == 2 and all(isinstance(m, str) and m for m in message)
    return isinstance(message, str) and bool(message)


def fields(text: str) -> set[str]:
    """The named fields of a template (``{name:을/를}`` → ``name``)."""
    return set(FIELD.findall(text))


def problems(lang: str = "en") -> list[str]:
    """What the catalog of ``lang`` lacks or gets wrong, one line each (empty: complete)."""
    from babel.messages.pofile import read_po

    path = CATALOGS / f"{lang}.po"
    if not path.exists():
        return [f"{path} is missing"]
    with path.open("rb") as fh:
        catalog = read_po(fh)
    found: list[str] = []
    for message in extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        # a plural entry: every form (msgstr[0] …, as many as the catalog's Plural-Forms) checked like a text
        plural = isinstance(message.id, tuple | list)
        source = " ".join(message.id) if plural else str(message.id)
        if entry is None:
            strings: list[str] = []
        elif isinstance(entry.string, tuple | list):
            strings = [str(s) for s in entry.string]
        else:
            strings = [str(entry.string)] if entry.string else []
        if entry is None or not strings or not all(strings):
            found.append(f"untranslated ({where}): {message.id!r}")
        elif plural != isinstance(entry.id, tuple | list) or (plural and len(strings) != catalog.num_plurals):
            forms = f"a plural entry with {catalog.num_plurals} forms" if plural else "a plain entry"
            found.append(f"not {forms} ({where}): {message.id!r} -> {entry.string!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy ({where}): {message.id!r}")
        elif any(fields(str(s)) != fields(source) for s in strings):
            found.append(f"fields differ ({where}): {message.id!r} -> {entry.string!r}")
        elif any(word not in source for s in strings for word in HANGUL_WORDS.findall(str(s))):
            # Korean kept on purpose is quoted from the source (the Korean column names a CSV must have)
            found.append(f"Hangul left in the translation ({where}): {entry.string!r}")
    return found


def update(lang: str = "en") -> int:
    """Merge the extracted texts into ``<lang>.po``: new ones are added untranslated, gone ones dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = CATALOGS / f"{lang}.po"
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="minwon-desk")
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as fh:
        write_po(fh, catalog, width=116, sort_output=False, omit_header=False, include_previous=False)
    return sum(1 for m in catalog if m.id and not m.string)


def compile_catalogs() -> list[Path]:
    """Every ``<lang>.po`` to its ``.mo`` (the install step; the program reads the ``.po`` where none is)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        po = CATALOGS / f"{lang}.po"
        if not po.exists():
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    command = args[0] if args else "check"
    if command == "update":
        left = update()
        print(f"en.po: {left} texts without a translation")
        return 0
    if command == "compile":
        for mo in compile_catalogs():
            print(f"compiled {mo.relative_to(ROOT)}")
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "en.po is complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
