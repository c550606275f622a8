"""Errors a service raises for the clerk to act on; each carries a Korean message that says what to do.

The message is a template with named fields, its Korean text the message id of the catalogs
(``app.i18n``): ``ValidationError("{what:은/는} 1~5 사이여야 합니다: {number}", what=..., number=...)``.
``message`` is the Korean text (for the log and the tests), ``text()`` the text in the UI language.
"""

from __future__ import annotations

from typing import Any, Self

from app.i18n import SOURCE, render, tr


class ServiceError(Exception):
    """Base of every refusal the clerk can act on (bad input, a rule, a permission)."""

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        self.template = message
        self.params = params
        self.message = render(message, params, SOURCE)
        super().__init__(self.message)
        # the form field that is wrong (the name of the form value, e.g. ``photo_checked``), when one is:
        # the screen puts the focus there and marks it
        self.field = field

    @classmethod
    def of(cls, exc: BaseException, **params: Any) -> Self:
        """``exc`` (a domain ``ValueError``) as this refusal; a domain error that carries a template and its
        fields (``app.domain.messages.Refusal``) keeps them, so the screen shows it in the UI language."""
        template = getattr(exc, "template", None)
        if template is None:
            return cls(str(exc), **params)
        return cls(template, **{**getattr(exc, "params", {}), **params})

    def text(self) -> str:
        """The message in the UI language (a field that is itself a refusal is shown in it as well)."""
        return tr(self.template, **{k: shown(v) for k, v in self.params.items()})


def shown(value: Any) -> Any:
    """A field value as the screen shows it: a nested refusal (service or domain) in the UI language."""
    template = getattr(value, "template", None)
    if isinstance(value, Exception) and isinstance(template, str):
        return tr(template, **{k: shown(v) for k, v in getattr(value, "params", {}).items()})
    return value


class ValidationError(ServiceError):
    """The input is wrong; nothing was written."""


class PermissionDenied(ServiceError):
    """The signed-in role may not do this (checked in the service layer, whatever the UI shows)."""


class RuleViolation(ServiceError):
    """The law or the office's rules forbid this transition (e.g. a second extension without consent)."""


class NotFound(ServiceError):
    """The record does not exist (or not in this office)."""
