"""Dialogs: sign-in, first administrator, screen lock, reasons."""
