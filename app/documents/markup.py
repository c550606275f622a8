"""Text from records put into reportlab paragraphs: masked, escaped, and drawable in the embedded font.

Every piece of record text a document prints goes through ``esc``: a resident number in it, in any form a clerk
may have typed (``app.domain.identity.mask_text`` normalises first), is printed masked; the database masks
free text before it is stored, and this is the last gate before paper, whatever a view was built from.
reportlab reads ``<``, ``>`` and ``&`` in a Paragraph as markup; a committed receipt whose name held markup
would otherwise fail to render on every reprint. A character NanumGothic cannot draw (an emoji, a rare Hanja)
would come out as an empty glyph; it is replaced by ``□[U+XXXX]`` instead (``fonts.printable_text``).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from app.documents.fonts import printable_text
from app.domain.identity import mask_text


def esc(value: object) -> str:
    return escape(printable_text(mask_text("" if value is None else str(value))))
