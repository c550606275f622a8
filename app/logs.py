"""The program's log: a rotating file in the user-data folder, where every bug's trace is written.

No resident number reaches the log in any spelling: every handler set up here carries ``MaskResidentNumbers``,
which masks the formatted message (with its arguments), the traceback and the stack of every record
(``app.domain.identity.mask_text``, which normalises first) before any handler writes it.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

from app.domain.identity import mask_text
from app.settings import data_dir, private_dir

LOG_NAME = "minwon-desk.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"


class MaskResidentNumbers(logging.Filter):
    """A handler filter that masks resident numbers in a record's message, arguments, traceback and stack.

    On a handler (not a logger) it sees the records of every logger that propagate to it. The record is changed
    in place, so every later handler, and the record kept by anything else, holds the masked text only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a wrong format string: the handler reports it as logging does
            message = f"{record.msg!r} % {record.args!r}"
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def log_file() -> Path:
    return data_dir() / "logs" / LOG_NAME


def setup_logging(*, level: int = logging.INFO) -> Path:
    """Log to stderr and to ``log_file()`` (1 MB a file, five kept); returns the file's path."""
    path = log_file()
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:
        _add_mask(handler)
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        _add_mask(stream)
        root.addHandler(stream)
    try:
        # Owner-only: the log names staff, actions and record numbers (the files inside inherit the protection).
        private_dir(path.parent)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:  # a read-only profile must not stop the counter; stderr still has everything
        logging.getLogger(__name__).warning("log file not writable (%s): %s", path, exc)
        return path
    handler.setFormatter(logging.Formatter(_FORMAT))
    _add_mask(handler)
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path


def _add_mask(handler: logging.Handler) -> None:
    if not any(isinstance(f, MaskResidentNumbers) for f in handler.filters):
        handler.addFilter(MaskResidentNumbers())
