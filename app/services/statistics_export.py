"""Writing the office's statistics report (a computed ``OfficeReport``) to Excel or PDF, for the screens: the
report itself was read under stats.view by ``app.services.statistics.office_report``; these only write files."""

from __future__ import annotations

from pathlib import Path

from app.documents.statistics_report import render_report_pdf, write_report_xlsx
from app.views.statistics import OfficeReport


def write_xlsx(report: OfficeReport, path: Path) -> Path:
    """Every table of the report as one workbook (openpyxl) at ``path``."""
    return write_report_xlsx(report, path)


def write_pdf(report: OfficeReport, path: Path) -> Path:
    """The report as an A4 landscape PDF at ``path``."""
    return render_report_pdf(report, path)
