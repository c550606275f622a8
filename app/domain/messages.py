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

__all__ = ["N_", "Refusal", "Text", "fill", "korean"]


def N_(msgid: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later" (as app.i18n.N_)
    return msgid


class _Filler(string.Formatter):
    def __init__(self, particles: bool) -> None:
        self.particles = particles

    def format_field(self, value: Any, format_spec: str) -> Any:
        if is_pair(format_spec):  # a Korean particle pair: fitted in Korean, dropped in any other language
            return josa(str(value), format_spec) if self.particles else str(value)
        return super().format_field(value, format_spec)


def fill(template: str, params: dict[str, Any], *, particles: bool = True) -> str:
    """``template`` with its named fields filled in; ``particles``: fit ``{name:을/를}`` (Korean) or drop it."""
    return _Filler(particles).vformat(template, (), params) if params else template


def korean(template: str, params: dict[str, Any]) -> str:
    """``template`` with its fields filled in, particles fitted to the values (``{name:을/를}``)."""
    return fill(template, params)


class Text(str):
    """A text the domain composes for people (a reason, a label with a figure): the Korean itself as a ``str``
    (documents, logs and tests read it as before), with its template and fields kept so that a screen in
    another language translates it (``app.i18n.translate``). ``Text("신청기한: {day}까지", day=...)``."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, korean(template, params))
        self.template = template
        self.params = params
        return self


class Refusal(ValueError):
    """A ``ValueError`` whose message is a template (Korean) with its fields."""

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(korean(template, params))
