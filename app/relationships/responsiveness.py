"""Who answered whom, how fast in the responder's business hours, and what is owed.

Pairing rules (per thread, messages sorted by ``sent_at`` then ``message_id``):

- Only ``buyer`` and ``supplier`` messages take part; ``other`` (a forwarder, a
  carrier, a mailing list) neither asks nor answers and is skipped entirely.
- Consecutive messages from one side form a *burst*. The first message from the
  other side answers the whole burst with **one** ``ReplyEvent``: a nudge ("any
  news?") is not a second question, and counting it twice would double the debt.
- Latency runs from the **earliest** message of the burst. The asker has been
  waiting since then; measuring from the latest message would let a chaser shorten
  the reported wait, which rewards being chased.
- A reply is itself a prompt for the other side, so a thread reads as ping-pong.
  A message with ``expects_reply=False`` (e.g. a closing "thanks", once the signals
  stage can tell) still answers, but opens no new prompt.
- What remains open at the end of a thread (up to ``as_of``) is ``Unanswered`` once
  the owing side's calendar shows ``threshold_business_hours`` of waiting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from app.relationships.business_time import BusinessCalendar, business_hours_between
from app.relationships.parties import Party

__all__ = [
    "ThreadMessage",
    "ReplyEvent",
    "Unanswered",
    "ResponsivenessSummary",
    "reply_events",
    "unanswered_messages",
    "summarise",
    "DEFAULT_UNANSWERED_THRESHOLD_HOURS",
]

# Two business days of eight hours: the common service expectation for e-mail
# between trading partners; sooner would flag ordinary next-day replies.
DEFAULT_UNANSWERED_THRESHOLD_HOURS = 16.0
SECONDS_PER_HOUR = 3600.0
_OPPOSITE: dict[str, Party] = {"buyer": Party.supplier, "supplier": Party.buyer}


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    """One message in a thread, reduced to what pairing needs.

    Attributes:
        message_id: The stored message's id.
        thread_id: The conversation it belongs to.
        sent_at: When it was sent; timezone-aware (UTC by convention).
        party: ``"buyer"``, ``"supplier"`` or ``"other"`` (a ``Party`` or its value).
        expects_reply: False for messages that close an exchange (e.g. "thanks");
            they still answer the other side but open no prompt of their own.
    """

    message_id: int
    thread_id: int
    sent_at: datetime
    party: Party
    # TODO: defaults to True because nothing yet tells a question from a closing
    # "thanks"; until the signals stage sets it, a last "thanks" can show as owed.
    expects_reply: bool = True

    def __post_init__(self) -> None:
        # Plain strings are accepted and normalised; an unknown one raises ValueError.
        object.__setattr__(self, "party", Party(self.party))
        if self.sent_at.tzinfo is None or self.sent_at.utcoffset() is None:
            raise ValueError("sent_at must be timezone-aware (UTC); attach tzinfo")


@dataclass(frozen=True, slots=True)
class ReplyEvent:
    """One side answering the other side's open burst of messages.

    ``prompt_message_id`` is the burst's earliest message, which latency runs from;
    ``answered_message_ids`` lists the whole burst. ``calendar_hours`` is elapsed
    wall time; ``business_hours`` counts the responder's working hours only.
    """

    thread_id: int
    prompt_message_id: int
    reply_message_id: int
    responder_party: Party
    calendar_hours: float
    business_hours: float
    answered_message_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Unanswered:
    """An open burst overdue for a reply; anchored at its earliest message.

    ``business_hours_waited`` runs from ``message_id`` to ``as_of`` in the owing
    side's calendar; ``message_ids`` lists the whole burst.
    """

    thread_id: int
    message_id: int
    waiting_party: Party
    owed_by_party: Party
    business_hours_waited: float
    message_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponsivenessSummary:
    """How one party answers: latency percentiles and answered/unanswered counts."""

    party: Party
    median_business_hours: float | None
    p90_business_hours: float | None
    answered: int
    unanswered: int


def reply_events(
    messages: Iterable[ThreadMessage], calendars: Mapping[str, BusinessCalendar]
) -> list[ReplyEvent]:
    """Pair every answer with the burst it answers, timed in the responder's hours.

    Args:
        messages: Messages from any number of threads, in any order.
        calendars: A ``BusinessCalendar`` for ``"buyer"`` and for ``"supplier"``.

    Returns:
        Reply events ordered by thread, then by reply time.

    Example:
        >>> reply_events([buyer_q, supplier_a], {"buyer": cal, "supplier": cal})
        [ReplyEvent(thread_id=1, prompt_message_id=10, reply_message_id=11, ...)]
    """
    _check_calendars(calendars)
    events = []
    for thread_id, thread in _threads(messages):
        pairs, _ = _pair_thread(thread)
        for burst, reply in pairs:
            events.append(_reply_event(thread_id, burst, reply, calendars))
    return events


def unanswered_messages(
    messages: Iterable[ThreadMessage],
    calendars: Mapping[str, BusinessCalendar],
    as_of: datetime,
    threshold_business_hours: float = DEFAULT_UNANSWERED_THRESHOLD_HOURS,
) -> list[Unanswered]:
    """List open bursts that the other side has owed for too long by ``as_of``.

    Messages sent after ``as_of`` are ignored, so a past date gives the view as it was.

    Args:
        messages: Messages from any number of threads, in any order.
        calendars: A ``BusinessCalendar`` for ``"buyer"`` and for ``"supplier"``.
        as_of: The moment to judge at; timezone-aware.
        threshold_business_hours: Waiting, in the owing side's hours, that makes a
            burst count as unanswered.

    Returns:
        One ``Unanswered`` per overdue thread, ordered by thread.

    Example:
        >>> unanswered_messages([buyer_q], cals, as_of=friday_evening)
        [Unanswered(thread_id=1, message_id=10, waiting_party='buyer', ...)]
    """
    _check_calendars(calendars)
    visible = [m for m in messages if m.sent_at <= as_of]
    overdue = []
    for thread_id, thread in _threads(visible):
        _, burst = _pair_thread(thread)
        if not burst:
            continue
        owed_by = _OPPOSITE[burst[0].party]
        waited = business_hours_between(burst[0].sent_at, as_of, calendars[owed_by])
        if waited >= threshold_business_hours:
            overdue.append(_unanswered(thread_id, burst, owed_by, waited))
    return overdue


def summarise(
    replies: Iterable[ReplyEvent], unanswered: Iterable[Unanswered], party: Party
) -> ResponsivenessSummary:
    """Summarise how ``party`` answers the other side.

    Args:
        replies: Reply events; those with ``responder_party == party`` are used.
        unanswered: Open bursts; those with ``owed_by_party == party`` are counted.
        party: ``"buyer"`` or ``"supplier"``.

    Returns:
        Median and 90th percentile business hours (None without replies) and counts.

    Example:
        >>> summarise(events, overdue, "supplier").median_business_hours
        3.5
    """
    hours = [r.business_hours for r in replies if r.responder_party == party]
    owed = sum(1 for u in unanswered if u.owed_by_party == party)
    median, p90 = _percentiles(hours)
    return ResponsivenessSummary(party, median, p90, len(hours), owed)


def _threads(
    messages: Iterable[ThreadMessage],
) -> Iterator[tuple[int, list[ThreadMessage]]]:
    by_thread: dict[int, list[ThreadMessage]] = defaultdict(list)
    for message in messages:
        if message.party in _OPPOSITE:
            by_thread[message.thread_id].append(message)
    for thread_id in sorted(by_thread):
        thread = sorted(by_thread[thread_id], key=lambda m: (m.sent_at, m.message_id))
        yield thread_id, thread


def _pair_thread(
    thread: Sequence[ThreadMessage],
) -> tuple[list[tuple[list[ThreadMessage], ThreadMessage]], list[ThreadMessage]]:
    """Walk one sorted thread; return (burst, reply) pairs and the burst left open."""
    pairs = []
    burst: list[ThreadMessage] = []
    for message in thread:
        if burst and message.party != burst[0].party:
            pairs.append((burst, message))
            burst = []
        if message.expects_reply:
            burst.append(message)
    return pairs, burst


def _reply_event(
    thread_id: int,
    burst: Sequence[ThreadMessage],
    reply: ThreadMessage,
    calendars: Mapping[str, BusinessCalendar],
) -> ReplyEvent:
    first = burst[0]
    elapsed = (reply.sent_at - first.sent_at).total_seconds() / SECONDS_PER_HOUR
    business = business_hours_between(
        first.sent_at, reply.sent_at, calendars[reply.party]
    )
    return ReplyEvent(
        thread_id=thread_id,
        prompt_message_id=first.message_id,
        reply_message_id=reply.message_id,
        responder_party=_OPPOSITE[first.party],
        calendar_hours=elapsed,
        business_hours=business,
        answered_message_ids=tuple(m.message_id for m in burst),
    )


def _unanswered(
    thread_id: int, burst: Sequence[ThreadMessage], owed_by: Party, waited: float
) -> Unanswered:
    return Unanswered(
        thread_id=thread_id,
        message_id=burst[0].message_id,
        waiting_party=_OPPOSITE[owed_by],
        owed_by_party=owed_by,
        business_hours_waited=waited,
        message_ids=tuple(m.message_id for m in burst),
    )


def _percentiles(hours: Sequence[float]) -> tuple[float | None, float | None]:
    if not hours:
        return None, None
    median, p90 = np.percentile(np.asarray(hours, dtype=float), [50, 90])
    return float(median), float(p90)


def _check_calendars(calendars: Mapping[str, BusinessCalendar]) -> None:
    missing = sorted(set(_OPPOSITE) - set(calendars))
    if missing:
        raise ValueError(
            f"calendars has no entry for {missing}; pass one BusinessCalendar per side"
        )
