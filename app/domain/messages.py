"""Domain refusals whose message is a template with named fields, so that the screen can show it translated.

``Refusal("주민등록번호는 13자리입니다 (입력한 숫자 {count}자리).", count=12)``: ``str(exc)`` is the Korean
text (the tests and the log read it), ``template`` and ``params`` let ``app.services.errors`` translate it.
The template is marked with ``N_`` where it is raised (it is a message id of the catalogs). The domain does
not import ``app.i18n`` (which imports the domain's josa): the Korean is filled in here the same way.
"""

from __future__ import annotations

import string
from typing import Any

from app.domain.josa import is_pair, josa

__all__ = ["N_", "Refusal", "korean"]


def N_(msgid: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later" (as app.i18n.N_)
    return msgid


class _Korean(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        if is_pair(format_spec):
            return josa(str(value), format_spec)
        return super().format_field(value, format_spec)


def korean(template: str, params: dict[str, Any]) -> str:
    """``template`` with its fields filled in, particles fitted to the values (``{name:을/를}``)."""
    return _Korean().vformat(template, (), params) if params else template


class Refusal(ValueError):
    """A ``ValueError`` whose message is a template (Korean) with its fields."""

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(korean(template, params))
