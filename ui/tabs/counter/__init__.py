"""증명·민원 tab: certificates at the counter, time-limited petitions to their deadline, the supervisor's overdue
checks and closures, and the satisfaction survey; one module per screen (``certificates``, ``petitions``,
``overdue``, ``surveys``), held by ``tab``; every step reachable from the keyboard."""

from __future__ import annotations

from ui.tabs.counter.tab import CounterTab, create_tab

__all__ = ["CounterTab", "create_tab"]
