"""Vendor statuses normalised to new, open, pending, on_hold, solved, closed.

The six states are Zendesk's, because its metric definitions are the reference:
`pending` waits on the requester, `on_hold` waits on a third party while the
requester still waits, `solved` is resolved but can be reopened, `closed` is final.
Names are matched exactly first, then by keyword; anything unknown is `open`
(someone still has to act), and the raw name is always kept beside it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from app.ingestion.records import StatusChange

__all__ = [
    "STATUSES",
    "RESOLVED",
    "normalise_status",
    "status_change",
    "last_resolution",
]

STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
RESOLVED = frozenset({"solved", "closed"})

_EXACT = {
    "new": "new",
    "unconfirmed": "new",
    "to do": "new",
    "todo": "new",
    "backlog": "new",
    "open": "open",
    "opened": "open",
    "reopened": "open",
    "assigned": "open",
    "in progress": "open",
    "work in progress": "open",
    "active": "open",
    "waiting for support": "open",
    "escalated": "open",
    "pending": "pending",
    "waiting for customer": "pending",
    "waiting on customer": "pending",
    "awaiting customer": "pending",
    "needinfo": "pending",
    "on hold": "on_hold",
    "hold": "on_hold",
    "blocked": "on_hold",
    "waiting on third party": "on_hold",
    "solved": "solved",
    "resolved": "solved",
    "done": "solved",
    "fixed": "solved",
    "completed": "solved",
    "closed": "closed",
    "verified": "closed",
    "canceled": "closed",
    "cancelled": "closed",
}
_KEYWORDS = (
    ("pending", re.compile(r"wait\w* (for|on) (the )?(customer|requester|reporter)")),
    ("on_hold", re.compile(r"hold|third party|vendor|blocked")),
    ("solved", re.compile(r"resolv|solv|done|fixed|complete")),
    ("closed", re.compile(r"clos|cancel|reject|duplicate|invalid|wontfix")),
    ("new", re.compile(r"^new\b|untriaged|unconfirmed")),
)


def normalise_status(raw: Any) -> str:
    """Map a vendor status name to one of STATUSES.

    Example:
        >>> normalise_status("Waiting for customer")
        'pending'
    """
    name = re.sub(r"[\s_\-]+", " ", str(raw or "")).strip().lower()
    if name in _EXACT:
        return _EXACT[name]
    for status, pattern in _KEYWORDS:
        if pattern.search(name):
            return status
    return "open"


def status_change(at: datetime, raw: Any) -> StatusChange:
    """A StatusChange at `at` with the normalised and the raw status."""
    return StatusChange(at=at, status=normalise_status(raw), raw_status=str(raw or ""))


def last_resolution(changes: list[StatusChange]) -> datetime | None:
    """When the ticket last became solved or closed from an unresolved state.

    A move from solved to closed is not a new resolution (Zendesk closes solved
    tickets automatically); a ticket that is open again has none.
    """
    resolved_at, was_resolved = None, False
    for change in sorted(changes, key=lambda c: c.at):
        now_resolved = change.status in RESOLVED
        if now_resolved and not was_resolved:
            resolved_at = change.at
        elif not now_resolved:
            resolved_at = None
        was_resolved = now_resolved
    return resolved_at
