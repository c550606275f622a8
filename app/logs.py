"""The program's log: a rotating file in the user-data folder, where every bug's trace is written."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.settings import data_dir

LOG_NAME = "minwon-desk.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"


def log_file() -> Path:
    return data_dir() / "logs" / LOG_NAME


def setup_logging(*, level: int = logging.INFO) -> Path:
    """Log to stderr and to ``log_file()`` (1 MB a file, five kept); returns the file's path."""
    path = log_file()
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(stream)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:  # a read-only profile must not stop the counter; stderr still has everything
        logging.getLogger(__name__).warning("log file not writable (%s): %s", path, exc)
        return path
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
