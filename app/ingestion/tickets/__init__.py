"""Ticket parsers: Zendesk, Jira, ServiceNow, Freshdesk, Bugzilla and mapped rows.

Pure functions, no database. Each ticket becomes a `ParsedConversation` with
``channel="ticket"`` (one `Entry` per comment, the description first where the
format has one, internal notes with ``public=False``, authors with role
``requester``, ``agent`` or ``system``) or a `Quarantined` record with a one-line
reason. Statuses are normalised to new, open, pending, on_hold, solved, closed.
"""

from app.ingestion.tickets.detect import FORMATS, detect_format
from app.ingestion.tickets.generic import TicketMapping
from app.ingestion.tickets.reader import TicketOutcome, iter_tickets, parse_ticket
from app.ingestion.tickets.status import normalise_status

__all__ = [
    "FORMATS",
    "TicketMapping",
    "TicketOutcome",
    "detect_format",
    "iter_tickets",
    "normalise_status",
    "parse_ticket",
]
