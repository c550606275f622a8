"""The scan for resident numbers in every place they could end up: every text and JSON column (read with raw
SQL from the database's own catalogue), the database's bytes (the SQLite file and its WAL, or a ``pg_dump
--data-only``), PDFs (extracted text, metadata and raw bytes), CSV and XLSX exports and log files.

A haystack is normalised before it is searched: JSON ``\\uXXXX`` and dump escapes decoded, NFKC (full-width
digits become ASCII), then every separator a number can be written with removed (spaces, every dash, minus,
underscore, dot, middle dot). A stored number leaks when its 13 digits then appear in a row.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

# Every separator of app.domain.identity, and NUL (UTF-16 text read as bytes).
_SEPARATORS = re.compile(r"[\s\-_.\u00b7\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u30fb\x00]")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_DUMP_ESCAPE = re.compile(r"\\[tnr]")
_NEVER_SCANNED = ("hmac", "cipher")  # keyed hashes and ciphertexts, excluded by name only


def flatten(text: str) -> str:
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _DUMP_ESCAPE.sub(" ", text)
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def leaks(where: str, text: str, numbers: Iterable[str]) -> list[tuple[str, str]]:
    """(where, number) for every stored ``number`` (13 digits) that ``text`` holds in any spelling."""
    flat = flatten(text)
    return [(where, n) for n in numbers if n in flat]


def text_columns(conn: sa.Connection) -> list[tuple[str, str]]:
    """(table, column) of every text and JSON column the database itself lists, but keyed hashes and ciphers."""
    found: list[tuple[str, str]] = []
    if conn.dialect.name == "sqlite":
        tables = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
        for table in tables:
            for row in conn.execute(sa.text(f'PRAGMA table_info("{table}")')).mappings():
                kind = str(row["type"]).upper()
                if any(word in kind for word in ("CHAR", "TEXT", "CLOB", "JSON")):
                    found.append((table, str(row["name"])))
    else:
        rows = conn.execute(
            sa.text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() "
                "AND data_type IN ('character varying', 'character', 'text', 'json', 'jsonb')"
            )
        ).all()
        found = [(str(t), str(c)) for t, c in rows]
    return [(t, c) for t, c in found if not any(part in c for part in _NEVER_SCANNED)]


def scan_columns(engine: sa.Engine, numbers: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Leaks in every text and JSON column, and how many values were read."""
    found: list[tuple[str, str]] = []
    values = 0
    with engine.connect() as conn:
        for table, column in text_columns(conn):
            cast = f'CAST("{column}" AS TEXT)' if conn.dialect.name == "postgresql" else f'"{column}"'
            for (value,) in conn.execute(sa.text(f'SELECT {cast} FROM "{table}" WHERE "{column}" IS NOT NULL')):
                values += 1
                found += leaks(f"{table}.{column}", str(value), numbers)
    return found, values


def database_bytes(engine: sa.Engine, tmp: Path) -> str:
    """The SQLite file and its WAL as they lie on disk, or a data-only dump of the PostgreSQL database."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        return raw.decode("utf-8", errors="replace") + raw.decode("latin-1")
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    out = tmp / "dump.sql"
    subprocess.run(
        [
            pg_dump,
            "--data-only",
            "--no-owner",
            "-h",
            str(url.host or "127.0.0.1"),
            "-p",
            str(url.port or 5432),
            "-U",
            str(url.username or "postgres"),
            "-f",
            str(out),
            str(url.database),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.read_text(encoding="utf-8")


def pdf_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of a PDF: each page's extracted text, its metadata and its raw bytes."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    parts = [(f"{path.name} p{i + 1}", page.extract_text() or "") for i, page in enumerate(reader.pages)]
    meta = reader.metadata or {}
    parts.append((f"{path.name} metadata", " | ".join(str(v) for v in meta.values())))
    raw = path.read_bytes()
    parts.append((f"{path.name} bytes", raw.decode("latin-1")))
    return parts


def file_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of an export or a log file, read as its reader would."""
    if path.suffix == ".pdf":
        return pdf_texts(path)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        cells = [
            str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None
        ]
        raw = path.read_bytes().decode("latin-1")
        return [(path.name, " | ".join(cells)), (f"{path.name} bytes", raw)]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        return [(path.name, " | ".join(cells)), (f"{path.name} raw", path.read_text(encoding="utf-8-sig"))]
    return [(path.name, path.read_text(encoding="utf-8", errors="replace"))]


def scan_files(paths: Iterable[Path], numbers: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in paths:
        for where, text in file_texts(path):
            found += leaks(where, text, numbers)
    return found
