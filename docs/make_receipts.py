"""Make the README's receipt pictures: a passport fee paid in cash and reprinted once, as the 80 mm roll and the
A4 form (docs/receipt-roll80.png, docs/receipt-a4.png), and the English roll for a foreign resident
(docs/receipt-roll80-en.png), through the one print path and pdftoppm."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MINWON_CONFIG_DIR"] = str(Path(tmp) / "cfg")
        os.environ["MINWON_DATA_DIR"] = str(Path(tmp) / "data")
        from app.bootstrap import build_context
        from app.services import applicants, auth, printing, receipts
        from app.services.demo import fill_demo
        from app.settings import load_settings

        ctx = build_context(load_settings(), db_url=f"sqlite:///{tmp}/demo.sqlite")
        run = fill_demo(ctx.db, office_id=ctx.office.id, terminal_id=ctx.terminal.id, terminal_code="창구-3")
        clerk = auth.sign_in(
            ctx.db.uow(),
            username="kim.clerk",
            password=run.passwords["kim.clerk"],
            terminal_id=ctx.terminal.id,
            terminal_code=ctx.terminal.code,
        )
        person = applicants.upsert_applicant(ctx.db.uow(), clerk, name="김민원", resident_number="900101-1234568")
        lines = [
            receipts.LineInput("passport_fee", "복수여권 10년 58면", 1, 38_000),
            receipts.LineInput("passport_contribution", "국제교류기여금", 1, 12_000),
        ]
        view = receipts.issue_receipt(
            ctx.db.uow(), clerk, lines=lines, payment_method="현금", applicant_id=person.id, cash_received=60_000
        )
        printing.print_receipt(ctx.db.uow(), clerk, receipt=view, path=Path(tmp) / "first.pdf")
        for paper, dpi, language in (("roll80", "110", "ko"), ("a4", "70", "ko"), ("roll80", "110", "en")):
            pdf = printing.print_receipt(
                ctx.db.uow(),
                clerk,
                receipt_id=view.id,
                path=Path(tmp) / f"{paper}-{language}.pdf",
                paper=paper,
                language=language,
            )
            target = ROOT / "docs" / (f"receipt-{paper}" + ("" if language == "ko" else f"-{language}"))
            subprocess.run(["pdftoppm", "-png", "-r", dpi, "-singlefile", str(pdf), str(target)], check=True)
            print(f"{target}.png")
        ctx.db.dispose()


if __name__ == "__main__":
    main()
