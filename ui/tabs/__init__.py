"""One module per tab of the main window.

``TAB_PERMISSIONS``: a tab that only some roles can use names the permissions of which the user needs one; the
main window reads it without importing the tab's module (tab modules are imported when the tab is first shown).
"""

TAB_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # receipts (counter roles) or the close and statistics (supervisors, admins): the passport guide has neither
    "stats": ("receipt.issue", "stats.view"),
}
