"""Render a receipt (영수증) to PDF: an 80 mm roll for the thermal printer, or an A4 form of its own.

Both carry what a 구청 receipt carries: the office as issuer with a place for its seal (직인), 수납기관, the
items with the fee and contribution parts, the payment (card approval number; for cash the amount received
and the change), the clerk, the masked resident number, 재발행 (n회) on every reprint, and a QR code with the
receipt number and its check code. A voided receipt prints as 취소 영수증 and never says 위 금액을 정히 영수합니다.

A receipt is Korean whatever the screen's language; ``lang="en"`` prints it in English for a foreign resident
(its words from the same catalogs as the screens; the office's names and the applicant's stay as registered).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import register_fonts
from app.documents.markup import esc
from app.documents.text import Words
from app.domain.calendar import SEOUL
from app.i18n import N_
from app.views.receipts import ReceiptView

FORMATS = ("roll80", "a4")
LANGUAGES = ("ko", "en")
RECEIVED_SENTENCE = N_("위 금액을 정히 영수합니다.")
TITLES = {"issued": N_("영 수 증"), "voided": N_("취 소 영 수 증"), "correction": N_("정 정 영 수 증")}
# the roll's columns (item, quantity, unit fee, amount): "KRW 38,000" needs more room than "38,000원"
_ROLL_SHARES = {"ko": [0.40, 0.12, 0.24, 0.24], "en": [0.32, 0.08, 0.30, 0.30]}
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#eeeeee")


def _styles(base: float) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=base + 8, leading=base + 12, alignment=TA_CENTER),
        "mark": ParagraphStyle("mark", fontName=bold, fontSize=base + 1, leading=base + 4, alignment=TA_CENTER),
        "center": ParagraphStyle("center", fontName=regular, fontSize=base, leading=base + 3, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=regular, fontSize=base, leading=base + 3),
        "bold": ParagraphStyle("bold", fontName=bold, fontSize=base, leading=base + 3),
        "small": ParagraphStyle("small", fontName=regular, fontSize=base - 1.5, leading=base + 1),
        "right": ParagraphStyle("right", fontName=regular, fontSize=base, leading=base + 3, alignment=TA_RIGHT),
        "total": ParagraphStyle("total", fontName=bold, fontSize=base + 3, leading=base + 6, alignment=TA_RIGHT),
        "issuer": ParagraphStyle("issuer", fontName=bold, fontSize=base + 4, leading=base + 8, alignment=TA_RIGHT),
    }


def _title(receipt: ReceiptView, w: Words) -> str:
    return w.tr(TITLES.get(receipt.status, TITLES["issued"]))


def _marks(receipt: ReceiptView, st: dict[str, ParagraphStyle], w: Words) -> list[Flowable]:
    """재발행 and the void/correction notice, right under the title where nobody misses them."""
    story: list[Flowable] = []
    if receipt.reprint:
        story.append(Paragraph(w.tr("[재발행 ({times}회)]", times=receipt.reprint), st["mark"]))
    if receipt.status == "voided":
        story.append(Paragraph(w.tr("취소된 영수증 · 사유: {reason}", reason=esc(receipt.void_reason)), st["center"]))
    elif receipt.status == "correction":
        story.append(
            Paragraph(
                w.tr("마감된 날의 영수증을 바로잡는 정정 영수증 · 사유: {reason}", reason=esc(receipt.void_reason)),
                st["center"],
            )
        )
    return story


def _who(receipt: ReceiptView) -> str:
    who = receipt.applicant_name
    if receipt.applicant_rrn_masked:
        who += f" ({receipt.applicant_rrn_masked})"
    return who or "-"


def _payment_rows(receipt: ReceiptView, w: Words) -> list[tuple[str, str]]:
    rows = [(w.tr("결제 수단"), w.tr(receipt.payment_method))]
    if receipt.payment_method == "카드" and receipt.approval_no:
        rows.append((w.tr("카드 승인번호"), receipt.approval_no))
    change = receipt.change
    if change is not None and receipt.cash_received is not None:
        rows += [(w.tr("받은 금액"), w.won(receipt.cash_received)), (w.tr("거스름돈"), w.won(change))]
    return rows


def _sums(receipt: ReceiptView, w: Words) -> list[tuple[str, str, bool]]:
    """(label, amount, is the total)."""
    rows = []
    if receipt.contribution_total:
        rows += [
            (w.tr("수수료"), w.won(receipt.fee_total), False),
            (w.tr("국제교류기여금"), w.won(receipt.contribution_total), False),
        ]
    rows.append((w.tr("합계"), w.won(receipt.total), True))
    return rows


def _closing(receipt: ReceiptView, w: Words) -> str:
    if receipt.status == "issued":
        return w.tr(RECEIVED_SENTENCE)
    if receipt.status == "voided":
        return w.tr("이 영수증은 취소되어 수납 증명으로 쓸 수 없습니다.")
    return w.tr("이 정정 영수증은 원 영수증의 수납액을 되돌린 기록입니다.")


QR_BORDER = 4  # modules of quiet zone around the code (the QR standard's minimum, reportlab's default)


@lru_cache(maxsize=64)
def qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side, the dark runs as (row, first column, length)) of ``payload`` at error level M.

    reportlab's own encoder, as its ``QrCodeWidget`` uses it, run once per payload: the widget encodes the code
    again (trying all eight masks) on every ``getBounds`` and ``draw``, and builds a validated shape per run.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in groupby(bool(m) for m in row):
            count = sum(1 for _ in group)
            if dark:
                runs.append((r, c, count))
            c += count
    return code.getModuleCount(), tuple(runs)


class QrMark(Flowable):
    """The receipt's QR code as a ``size`` square (quiet zone included), its dark runs filled as one path."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's API
        return self.width, self.height

    def draw(self) -> None:
        count, runs = qr_runs(self.payload)
        side = count + 2 * QR_BORDER
        box = self.width / side
        canvas = self.canv
        canvas.saveState()
        canvas.transform(box, 0, 0, box, 0, 0)  # one unit = one module, the origin at the quiet zone's corner
        canvas.setFillColor(colors.black)
        # the runs in whole modules, as PDF rectangles filled at once (``re`` … ``f``): no float formatting
        top = count + QR_BORDER - 1
        canvas.addLiteral(" ".join(f"{c + QR_BORDER} {top - r} {length} 1 re" for r, c, length in runs) + " f")
        canvas.restoreState()


def _qr(receipt: ReceiptView, size: float) -> Flowable | None:
    if not receipt.qr_payload:
        return None
    return QrMark(receipt.qr_payload, size)


def _seal(size: float, base: float, w: Words) -> Table:
    """The place for the office's seal (직인): a square the clerk stamps, or the printed seal of a preprinted roll."""
    regular, _ = register_fonts()
    box = Table([[w.tr("직인")]], colWidths=[size], rowHeights=[size])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#b00020")),
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), base - 1),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor("#b00020")),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return box


def _roll_story(receipt: ReceiptView, width: float, base: float, w: Words) -> list[Flowable]:
    st = _styles(base)
    story: list[Flowable] = [
        Paragraph(_title(receipt, w), st["title"]),
        *_marks(receipt, st, w),
        Spacer(1, 2 * mm),
    ]
    info = [
        (w.tr("수납기관"), receipt.collector),
        (w.tr("영수증 번호"), receipt.number),
        (w.tr("발행 일시"), w.date_time(receipt.issued_at)),
        (w.tr("창구 · 담당"), f"{receipt.terminal_name or '-'} · {receipt.clerk_name}"),
        (w.tr("민원인"), _who(receipt)),
    ]
    info_table = Table(
        [[Paragraph(k, st["small"]), Paragraph(esc(v), st["body"])] for k, v in info],
        colWidths=[width * 0.3, width * 0.7],
    )
    info_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [info_table, Spacer(1, 2 * mm), _lines_table(receipt, st, base, _ROLL_SHARES[w.lang], width, w)]
    sums = Table(
        [
            [Paragraph(k, st["body"]), Paragraph(v, st["total"] if is_total else st["right"])]
            for k, v, is_total in _sums(receipt, w)
        ]
        + [[Paragraph(k, st["small"]), Paragraph(esc(v), st["right"])] for k, v in _payment_rows(receipt, w)],
        colWidths=[width * 0.45, width * 0.55],
    )
    sums.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [sums, Spacer(1, 2 * mm), Paragraph(_closing(receipt, w), st["center"]), Spacer(1, 2 * mm)]
    issuer = Table(
        [[Paragraph(esc(receipt.issuer), st["issuer"]), _seal(12 * mm, base, w)]],
        colWidths=[width - 15 * mm, 15 * mm],
    )
    issuer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [issuer, Spacer(1, 2 * mm)]
    qr = _qr(receipt, 24 * mm)
    if qr is not None:
        code = Paragraph(
            w.tr("검증 코드<br/><b>{code}</b><br/>관리 → 영수증 확인", code=esc(receipt.check_code)), st["small"]
        )
        story.append(
            Table([[qr, code]], colWidths=[27 * mm, width - 27 * mm], style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        )
    story.append(Paragraph(esc(f"{receipt.office_address}  ☎ {receipt.office_phone}"), st["small"]))
    return story


def _lines_table(
    receipt: ReceiptView,
    st: dict[str, ParagraphStyle],
    base: float,
    shares: list[float],
    width: float,
    w: Words,
    *,
    grid: bool = False,
) -> Table:
    heads = (
        [N_("항목"), N_("수량"), N_("단가"), N_("금액")]
        if len(shares) == 4
        else [N_("번호"), N_("항목"), N_("수량"), N_("단가"), N_("금액"), N_("비고")]
    )
    rows: list[list[Paragraph]] = [[Paragraph(w.tr(h), st["small"]) for h in heads]]
    for index, line in enumerate(receipt.lines, start=1):
        marked = line.is_contribution and "기여금" not in line.description
        desc = esc(w.tr(line.description)) + (w.tr(" (기여금)") if marked else "")
        cells = [
            Paragraph(desc, st["body"]),
            Paragraph(w.number(line.quantity), st["right"]),
            Paragraph(w.won(line.unit_fee), st["right"]),
            Paragraph(w.won(line.amount), st["right"]),
        ]
        exempt = w.tr("면제: {exemption}", exemption=esc(w.tr(line.exemption))) if line.exemption else ""
        if len(shares) == 4:
            if line.exemption:
                cells[0] = Paragraph(f"{desc}<br/><font size={base - 1.5}>{exempt}</font>", st["body"])
        else:
            note = exempt
            cells = [Paragraph(str(index), st["center"]), *cells, Paragraph(note, st["small"])]
        rows.append(cells)
    table = Table(rows, colWidths=[width * s for s in shares], repeatRows=1)
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if grid:
        style += [("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    else:
        style += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black),
        ]
    table.setStyle(TableStyle(style))
    return table


def _a4_story(receipt: ReceiptView, width: float, base: float, w: Words) -> list[Flowable]:
    st = _styles(base)
    head = Table(
        [
            [
                Paragraph(esc(receipt.collector), st["small"]),
                Paragraph(f"No. {esc(receipt.number)}", st["right"]),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    story: list[Flowable] = [
        head,
        Spacer(1, 4 * mm),
        Paragraph(_title(receipt, w), st["title"]),
        *_marks(receipt, st, w),
    ]
    story.append(Spacer(1, 6 * mm))
    label = st["bold"]
    info = Table(
        [
            [
                Paragraph(w.tr("수납기관"), label),
                Paragraph(esc(receipt.collector), st["body"]),
                Paragraph(w.tr("영수증 번호"), label),
                Paragraph(esc(receipt.number), st["body"]),
            ],
            [
                Paragraph(w.tr("발행 일시"), label),
                Paragraph(esc(w.date_time(receipt.issued_at)), st["body"]),
                Paragraph(w.tr("창구 · 담당"), label),
                Paragraph(esc(f"{receipt.terminal_name or '-'} · {receipt.clerk_name}"), st["body"]),
            ],
            [
                Paragraph(w.tr("납부자"), label),
                Paragraph(esc(_who(receipt)), st["body"]),
                Paragraph(w.tr("결제 수단"), label),
                Paragraph(esc(_payment_text(receipt, w)), st["body"]),
            ],
        ],
        colWidths=[width * 0.14, width * 0.36, width * 0.14, width * 0.36],
    )
    info.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 0), (2, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [info, Spacer(1, 5 * mm)]
    story.append(_lines_table(receipt, st, base, [0.07, 0.38, 0.09, 0.15, 0.15, 0.16], width, w, grid=True))
    story.append(Spacer(1, 3 * mm))
    sum_rows = [
        [Paragraph(k, label), Paragraph(v, st["total"] if is_total else st["right"])]
        for k, v, is_total in _sums(receipt, w)
    ]
    change = receipt.change
    if change is not None and receipt.cash_received is not None:
        sum_rows += [
            [Paragraph(w.tr("받은 금액"), label), Paragraph(w.won(receipt.cash_received), st["right"])],
            [Paragraph(w.tr("거스름돈"), label), Paragraph(w.won(change), st["right"])],
        ]
    sums = Table(sum_rows, colWidths=[width * 0.2, width * 0.25], hAlign="RIGHT")
    sums.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [sums, Spacer(1, 12 * mm), Paragraph(_closing(receipt, w), st["center"]), Spacer(1, 4 * mm)]
    story.append(Paragraph(esc(w.written_date(receipt.issued_at.astimezone(SEOUL).date())), st["center"]))
    story.append(Spacer(1, 10 * mm))
    issuer = Table(
        [[Paragraph(esc(receipt.issuer), st["issuer"]), _seal(20 * mm, base, w)]],
        colWidths=[width - 26 * mm, 26 * mm],
    )
    issuer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [issuer, Spacer(1, 14 * mm)]
    qr = _qr(receipt, 28 * mm)
    foot = Paragraph(
        esc(f"{receipt.office_address}  ☎ {receipt.office_phone}")
        + (
            "<br/>"
            + w.tr(
                "검증 코드 <b>{code}</b> · 진위 확인: 민원창구 관리 → 영수증 확인 (QR 코드 또는 번호와 검증 코드)",
                code=esc(receipt.check_code),
            )
            if receipt.check_code
            else ""
        ),
        st["small"],
    )
    story.append(
        Table([[qr or "", foot]], colWidths=[32 * mm, width - 32 * mm], style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    return story


def _payment_text(receipt: ReceiptView, w: Words) -> str:
    if receipt.payment_method == "카드" and receipt.approval_no:
        return w.tr("카드 (승인번호 {approval})", approval=receipt.approval_no)
    return w.tr(receipt.payment_method)


def render_receipt(receipt: ReceiptView, path: Path, *, paper: str = "roll80", lang: str = "ko") -> Path:
    """Write the receipt as a PDF at ``path`` and return it (in Korean, or English with ``lang="en"``)."""
    if paper not in FORMATS:
        raise ValueError(f"영수증 용지는 {', '.join(FORMATS)} 중 하나여야 합니다: {paper}")
    if lang not in LANGUAGES:
        raise ValueError(f"영수증 언어는 {', '.join(LANGUAGES)} 중 하나여야 합니다: {lang}")
    w = Words(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    if paper == "a4":
        margin = 20 * mm
        pagesize = A4
        base = 10.0
        story = _a4_story(receipt, pagesize[0] - 2 * margin, base, w)
    else:
        margin = 3 * mm
        base = 8.0
        width = 80 * mm - 2 * margin
        # A roll has no fixed length: measure the content and size the page to it, so the printer
        # cuts once however many lines and however long their names.
        # The story is built once: measuring only wraps its flowables, and the build wraps them again.
        story = _roll_story(receipt, width, base, w)
        measured = 0.0
        for flowable in story:
            _, height = flowable.wrap(width, 10_000 * mm)
            measured += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        pagesize = (80 * mm, measured + 2 * margin + 12 * mm)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=w.tr("영수증 {number}", number=receipt.number)
        + (w.tr(" (재발행 {times}회)", times=receipt.reprint) if receipt.reprint else ""),
        author=receipt.office_name,
        subject=w.tr("영수증"),
    )
    doc.build(story)
    return path
