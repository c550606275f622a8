"""Text from records put into reportlab paragraphs: escaped, so that a name like ``A<b>B`` prints as typed.

reportlab reads ``<``, ``>`` and ``&`` in a Paragraph as markup; a committed receipt whose name held markup
would otherwise fail to render on every reprint.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def esc(value: object) -> str:
    return escape("" if value is None else str(value))
