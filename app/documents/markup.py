"""Text from records put into reportlab paragraphs: escaped, and drawable in the embedded font.

reportlab reads ``<``, ``>`` and ``&`` in a Paragraph as markup; a committed receipt whose name held markup
would otherwise fail to render on every reprint. A character NanumGothic cannot draw (an emoji, a rare Hanja)
would come out as an empty glyph; it is replaced by ``□[U+XXXX]`` instead (``fonts.printable_text``).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from app.documents.fonts import printable_text


def esc(value: object) -> str:
    return escape(printable_text("" if value is None else str(value)))
