"""Reply, wait and resolution times of one ticket, in the acting side's hours.

Sides: the *requester side* is the party of the ticket's requester (the first
requester-role author when the ticket names none); the *responder side* is the
other of buyer and supplier, and is the side that has to act. Authors on the
``other`` party (bots, third parties) neither ask nor answer. Internal notes
(``public=False``) never count as replies and never start a wait. Every
duration comes as calendar hours and as business hours in the responder's
calendar (time zone, weekdays, hours and holidays, DST-exact; see
``business_time``). Events at the same instant apply status moves first.

Definitions, beside Zendesk's ``ticket_metrics`` (the reference the ecosystem
note names):

- **first reply**: from creation to the first public comment by the responder
  side. When the responder side opened the ticket (the first entry is theirs),
  it runs from the requester side's first public comment instead. Zendesk's
  ``reply_time_in_minutes`` is the same idea, but counts any agent's first public
  comment; here the side is decided by ``party_of``, not by the agent role.
- **requester wait**: the sum of spells in which the ticket waits on the
  responder side. A spell starts at creation, at a requester-side public comment
  while the ticket is not solved or closed, or when the status moves into new or
  open from pending, solved or closed (a reopen); it ends at the next public
  responder comment or a move to pending, solved or closed. ``on_hold`` does not
  end it: the requester still waits. Zendesk's ``requester_wait_time_in_minutes``
  sums the time in new, open and on-hold from the status log alone; counting
  replies too makes a ticket left "open" after an answer stop the clock, which
  is fairer to a responder whose tool never moves to pending. A spell still open
  at the end counts up to ``as_of`` when given, else only ``waiting_since`` is set.
- **first / full resolution**: from creation to the first, respectively the
  last, move into solved or closed from an unresolved state (a later solved ->
  closed is not a new resolution), as Zendesk's ``first_resolution_time`` and
  ``full_resolution_time``. None while the ticket is unresolved. Without a status
  history, the parser's ``metadata["resolved_at"]`` is used for both.
- **reopens**: moves from solved or closed to any unresolved state. Zendesk's
  ``reopens`` counts solved -> open only (its closed tickets cannot reopen). A
  source count such as ServiceNow's ``reopen_count`` is used when it is larger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.ingestion.records import Entry, ParsedConversation, Person, StatusChange
from app.ingestion.tickets.status import RESOLVED, last_resolution
from app.relationships.business_time import BusinessCalendar, business_hours_between

__all__ = ["Duration", "TicketMetrics", "ticket_metrics"]

PartyOf = Callable[[Person], str]
_SIDES = ("buyer", "supplier")
_WAIT_STOPPERS = frozenset({"pending", "solved", "closed"})
_WAIT_STARTERS = frozenset({"new", "open"})


@dataclass(frozen=True, slots=True)
class Duration:
    """One span in elapsed calendar hours and in the acting side's business hours."""

    calendar_hours: float
    business_hours: float


@dataclass(frozen=True, slots=True)
class TicketMetrics:
    """The numbers for one ticket; durations are None when not (yet) defined."""

    requester_side: str | None
    responder_side: str | None
    first_reply: Duration | None
    requester_wait: Duration | None
    waiting_since: datetime | None
    first_resolution: Duration | None
    full_resolution: Duration | None
    reopens: int
    public_replies: int


def ticket_metrics(
    ticket: ParsedConversation,
    party_of: PartyOf,
    calendars: Mapping[str, BusinessCalendar],
    as_of: datetime | None = None,
) -> TicketMetrics:
    """Compute first reply, requester wait, resolution times and reopens.

    Args:
        ticket: A parsed ticket (``channel="ticket"``).
        party_of: Places a person: ``"buyer"``, ``"supplier"`` or ``"other"``.
        calendars: Business calendar per party; the responder side's is used.
        as_of: Count a wait still open at the end up to this instant.

    Returns:
        TicketMetrics; with no buyer/supplier sides found, only ``reopens`` is set.

    Example:
        >>> by_role = {"requester": "buyer", "agent": "supplier"}
        >>> m = ticket_metrics(t, lambda p: by_role.get(p.role, "other"),
        ...                    {"supplier": BusinessCalendar("Europe/Berlin")})
        >>> m.first_reply.business_hours
        2.0
    """
    created = ticket.metadata.get("created_at") or ticket.started_at
    changes = sorted(ticket.status_changes, key=lambda change: change.at)
    reopens = max(_reopens(changes), int(ticket.metadata.get("reopen_count") or 0))
    requester_side = _requester_side(ticket, party_of)
    if requester_side is None:
        return TicketMetrics(None, None, None, None, None, None, None, reopens, 0)

    responder = _SIDES[1 - _SIDES.index(requester_side)]
    if responder not in calendars:
        raise ValueError(f"no business calendar for the {responder} side; add one")
    span = _Spanner(calendars[responder])
    sided = [(e, party_of(e.author)) for e in ticket.entries if e.public]
    sided = [(e, side) for e, side in sided if side in _SIDES]
    replies = [e for e, side in sided if side == responder]

    waits, waiting_since = _wait_spells(created, sided, changes, responder, as_of)
    first_solved, last_solved = _resolutions(changes, ticket.metadata)
    return TicketMetrics(
        requester_side=requester_side,
        responder_side=responder,
        first_reply=_first_reply(created, sided, responder, span),
        requester_wait=span.total(waits),
        waiting_since=waiting_since,
        first_resolution=span(created, first_solved) if first_solved else None,
        full_resolution=span(created, last_solved) if last_solved else None,
        reopens=reopens,
        public_replies=len(replies),
    )


@dataclass(frozen=True, slots=True)
class _Spanner:
    calendar: BusinessCalendar

    def __call__(self, start: datetime, end: datetime) -> Duration:
        hours = max((end - start).total_seconds(), 0.0) / 3600
        return Duration(hours, business_hours_between(start, end, self.calendar))

    def total(self, spells: list[tuple[datetime, datetime]]) -> Duration:
        parts = [self(start, end) for start, end in spells]
        return Duration(
            sum(p.calendar_hours for p in parts), sum(p.business_hours for p in parts)
        )


def _requester_side(ticket: ParsedConversation, party_of: PartyOf) -> str | None:
    """The requester's party, else the first requester-role author's, else the
    opposite of the first agent-role author's."""
    requester = ticket.metadata.get("requester")
    candidates = [requester] if isinstance(requester, Person) else []
    candidates += [e.author for e in ticket.entries if e.author.role == "requester"]
    for person in candidates:
        if (side := party_of(person)) in _SIDES:
            return side
    for entry in ticket.entries:
        if entry.author.role == "agent" and (side := party_of(entry.author)) in _SIDES:
            return _SIDES[1 - _SIDES.index(side)]
    return None


def _first_reply(
    created: datetime, sided: list[tuple[Entry, str]], responder: str, span: _Spanner
) -> Duration | None:
    start: datetime | None = created
    if sided and sided[0][1] == responder and sided[0][0].sent_at <= created:
        # Opened by the responder side: the clock starts when the other side speaks.
        start = next((e.sent_at for e, side in sided if side != responder), None)
    if start is None:
        return None
    reply = next(
        (e for e, side in sided if side == responder and e.sent_at > start), None
    )
    return span(start, reply.sent_at) if reply else None


def _wait_spells(
    created: datetime,
    sided: list[tuple[Entry, str]],
    changes: list[StatusChange],
    responder: str,
    as_of: datetime | None,
) -> tuple[list[tuple[datetime, datetime]], datetime | None]:
    """Closed spells of waiting on the responder, and the start of an open one."""
    opened_by_responder = bool(sided) and sided[0][1] == responder
    since = None if opened_by_responder and sided[0][0].sent_at <= created else created
    status, spells = "new", []
    for at, is_comment, value in _timeline(sided, changes, responder):
        if not is_comment:
            starts = value in _WAIT_STARTERS and status not in _WAIT_STARTERS | {
                "on_hold"
            }
            stops, status = value in _WAIT_STOPPERS, value
        else:
            starts, stops = value == "ask" and status not in RESOLVED, value == "reply"
        if stops and since is not None:
            spells.append((since, at))
            since = None
        elif starts and since is None:
            since = at
    if since is not None and as_of is not None and as_of > since:
        return [*spells, (since, as_of)], None
    return spells, since


def _timeline(
    sided: list[tuple[Entry, str]], changes: list[StatusChange], responder: str
) -> list[tuple[datetime, bool, str]]:
    """(time, is_comment, status or "ask"/"reply"); status moves first at a tie."""
    events = [(change.at, False, change.status) for change in changes]
    for entry, side in sided:
        events.append((entry.sent_at, True, "reply" if side == responder else "ask"))
    return sorted(events, key=lambda event: (event[0], event[1]))


def _resolutions(
    changes: list[StatusChange], metadata: dict[str, Any]
) -> tuple[datetime | None, datetime | None]:
    if not changes:
        resolved = metadata.get("resolved_at")
        return resolved, resolved
    first = next((c.at for c in changes if c.status in RESOLVED), None)
    return first, last_resolution(changes)


def _reopens(changes: list[StatusChange]) -> int:
    moves = zip(changes, changes[1:], strict=False)
    return sum(1 for a, b in moves if a.status in RESOLVED and b.status not in RESOLVED)
