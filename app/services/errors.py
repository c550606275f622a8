"""Errors a service raises for the clerk to act on; each carries a Korean message that says what to do."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every refusal the clerk can act on (bad input, a rule, a permission)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # the form field that is wrong (the name of the form value, e.g. ``photo_checked``), when one is:
        # the screen puts the focus there and marks it
        self.field = field


class ValidationError(ServiceError):
    """The input is wrong; nothing was written."""


class PermissionDenied(ServiceError):
    """The signed-in role may not do this (checked in the service layer, whatever the UI shows)."""


class RuleViolation(ServiceError):
    """The law or the office's rules forbid this transition (e.g. a second extension without consent)."""


class NotFound(ServiceError):
    """The record does not exist (or not in this office)."""
