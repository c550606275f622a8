"""Register the shipped NanumGothic with reportlab so every PDF embeds it (subset) and Korean renders anywhere.

NanumGothic covers Hangul, KS X 1001 Hanja and common symbols, not emoji nor the rarer Hanja of some names
(e.g. 𠮷). reportlab would draw such a character as an empty glyph: it vanished from the paper without a trace.
``drawable`` says what the fonts can draw; ``app.documents.markup.esc`` replaces the rest visibly.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import FONT_BOLD, FONT_REGULAR

FONT = "NanumGothic"
FONT_BOLD_NAME = "NanumGothic-Bold"
# What stands in for a character the font cannot draw, followed by its code point (so the clerk can tell
# which character it was, and a reader of the archive copy can restore it).
MISSING_MARK = "□"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process; returns (regular, bold) font names."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_REGULAR)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD_NAME, str(FONT_BOLD)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD_NAME)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD_NAME)
    return FONT, FONT_BOLD_NAME


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The code points both the regular and the bold face can draw."""
    regular, bold = register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in (regular, bold)]
    common = set(faces[0].charToGlyph)
    for face in faces[1:]:
        common &= set(face.charToGlyph)
    return frozenset(common)


def drawable(char: str) -> bool:
    """Whether the embedded fonts draw ``char`` (white space counts as drawable: it is layout, not a glyph)."""
    return char.isspace() or ord(char) in _covered()


def presentation_only(char: str) -> bool:
    """Variation selectors and joiners only choose how the character before them looks (emoji style, a
    ligature); leaving them out changes no character of the text."""
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x200C, 0x200D)


def replacement(char: str) -> str:
    """What a document shows instead of ``char``: the mark and the code point, e.g. ``□[U+1F600]``."""
    return f"{MISSING_MARK}[U+{ord(char):04X}]"


def printable_text(text: str) -> str:
    """``text`` with every character the fonts cannot draw replaced visibly (never dropped)."""
    text = unicodedata.normalize("NFC", text)  # Hangul typed as jamo (NFD) becomes the syllables the font has
    if all(drawable(c) for c in text):
        return text
    out = []
    for char in text:
        if drawable(char):
            out.append(char)
        elif not presentation_only(char):
            out.append(replacement(char))
    return "".join(out)
