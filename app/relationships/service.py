"""A supplier's health and signal series, per month, from stored data."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from statistics import fmean, median
from typing import Any

from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.errors import BadRequest
from app.db.tables import Supplier, Tenant
from app.relationships.business_time import BusinessCalendar
from app.relationships.health import (
    HealthReading,
    HealthTrendPoint,
    ScoredMessage,
    compute_health,
    health_trend,
    period_of,
)
from app.relationships.parties import PartyResolver
from app.relationships.repository import (
    MessageRow,
    message_intents,
    supplier_messages,
)
from app.relationships.responsiveness import (
    ReplyEvent,
    ThreadMessage,
    Unanswered,
    reply_events,
    unanswered_messages,
)
from app.relationships.tickets import supplier_tickets, tickets_by_period
from app.signals.service import TONE_MODEL, active_model_dir

__all__ = [
    "SupplierTimeline",
    "PeriodReading",
    "load_timeline",
    "monthly_health",
    "monthly_series",
]

MAX_PERIODS = 120
# The intent heads counted per party and month in the series. A message counts
# when its message-level probability is at least INTENT_THRESHOLD; several
# heads are trained with balanced classes, so read the counts as trends, not
# as prevalences (see each model card).
INTENT_MODELS = (
    "request",
    "commitment",
    "escalation",
    "complaint",
    "commercial_change",
    "delay_risk",
)
INTENT_THRESHOLD = 0.5
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REPLY_CHANNELS = frozenset({"email", "ticket"})


@dataclass
class SupplierTimeline:
    """Everything the monthly readings need, loaded once per request."""

    messages: list[ScoredMessage]
    channels: dict[int, str]  # message id -> email, meeting or ticket
    replies: list[ReplyEvent]
    calendars: dict[str, BusinessCalendar]
    thread_messages: list[ThreadMessage]
    tone_version: str | None
    unanswered_threshold_hours: float
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)
    # message id -> {intent signal: probability}, from the active versions.
    intents: dict[int, dict[str, float]] = field(default_factory=dict)
    intent_versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodReading:
    """One month's health, its trend, the channels behind each component and
    the ticket figures of tickets opened that month."""

    reading: HealthReading
    trend: HealthTrendPoint | None
    channels: dict[str, list[str]]
    tickets: dict[str, Any] | None


def active_tone_version(settings: Settings) -> str | None:
    return active_version(settings, TONE_MODEL)


def active_version(settings: Settings, model: str) -> str | None:
    """The version string on the newest card of `model`, None if untrained."""
    try:
        card = active_model_dir(settings, model) / "card.json"
    except FileNotFoundError:
        return None
    return json.loads(card.read_text())["version"]


def load_timeline(
    session: Session, settings: Settings, tenant: Tenant, supplier: Supplier
) -> SupplierTimeline:
    tone_version = active_tone_version(settings)
    # Internal notes are not communication between the parties: left out.
    rows = [r for r in supplier_messages(session, supplier, tone_version) if r.public]
    resolver = PartyResolver(
        tuple(tenant.buyer_domains),
        tuple(supplier.domains),
        frozenset(supplier.aliases),
    )
    scored = [_scored(row, resolver) for row in rows]
    # Meeting turns answer each other within seconds; replies are counted in
    # asynchronous channels only.
    threads = [
        ThreadMessage(m.message_id, m.thread_id, m.sent_at, m.party, row.expects_reply)
        for m, row in zip(scored, rows, strict=True)
        if row.channel in REPLY_CHANNELS
    ]
    calendars = {
        "buyer": calendar_from_dict(tenant.calendar),
        "supplier": calendar_from_dict(supplier.calendar or tenant.calendar),
    }
    tickets = supplier_tickets(session, supplier, resolver, calendars)
    versions = {m: active_version(settings, m) for m in INTENT_MODELS}
    versions = {m: v for m, v in versions.items() if v is not None}
    intents = message_intents(session, tenant.id, [row.id for row in rows], versions)
    return SupplierTimeline(
        messages=scored,
        channels={row.id: row.channel for row in rows},
        replies=reply_events(threads, calendars),
        calendars=calendars,
        thread_messages=threads,
        tone_version=tone_version,
        unanswered_threshold_hours=settings.unanswered_after_business_hours,
        tickets=tickets_by_period(tickets),
        intents=intents,
        intent_versions=versions,
    )


def monthly_health(
    timeline: SupplierTimeline, start: str | None, end: str | None
) -> list[PeriodReading]:
    """Health per month in [start, end], each with its trend and channels."""
    periods = _periods(timeline, start, end)
    by_period = _group_by_period(timeline.messages)
    replies = _group_by_period(timeline.replies, key=_reply_period(timeline))
    readings, channels = [], []
    for period in periods:
        messages = by_period.get(period, [])
        answered = replies.get(period, [])
        unanswered = _unanswered_in(timeline, period)
        readings.append(compute_health(period, messages, answered, unanswered))
        channels.append(_component_channels(timeline, messages, answered, unanswered))
    trend = {point.period: point for point in health_trend(readings)}
    return [
        PeriodReading(
            reading,
            trend.get(reading.period),
            used,
            timeline.tickets.get(reading.period),
        )
        for reading, used in zip(readings, channels, strict=True)
    ]


def _component_channels(
    timeline, messages, replies, unanswered
) -> dict[str, list[str]]:
    """Which channels each component was computed from."""
    of = timeline.channels
    return {
        "tone": sorted({of[m.message_id] for m in messages if m.valence is not None}),
        "responsiveness": sorted(
            {of[r.reply_message_id] for r in replies}
            | {of[u.message_id] for u in unanswered}
        ),
        "volume_balance": sorted({of[m.message_id] for m in messages}),
    }


def monthly_series(
    timeline: SupplierTimeline, start: str | None, end: str | None
) -> list[dict[str, Any]]:
    """Per month and party: volume, mean tone, politeness and reply times."""
    by_period = _group_by_period(timeline.messages)
    replies = _group_by_period(timeline.replies, key=_reply_period(timeline))
    points = []
    for period in _periods(timeline, start, end):
        for party in ("buyer", "supplier", "other"):
            messages = [m for m in by_period.get(period, []) if m.party == party]
            answered = [
                r for r in replies.get(period, []) if r.responder_party == party
            ]
            point = _series_point(period, party, messages, answered, timeline.channels)
            point["intents"] = _intent_counts(messages, timeline.intents)
            points.append(point)
    return points


def _intent_counts(messages, intents) -> dict[str, dict[str, Any]]:
    """Per intent: how many of these messages carry it, and which."""
    counts: dict[str, dict[str, Any]] = {}
    for signal in INTENT_MODELS:
        ids = [
            m.message_id
            for m in messages
            if intents.get(m.message_id, {}).get(signal, 0.0) >= INTENT_THRESHOLD
        ]
        counts[signal] = {"messages": len(ids), "evidence_message_ids": ids[:50]}
    return counts


def calendar_from_dict(data: dict[str, Any] | None) -> BusinessCalendar:
    data = data or {}
    return BusinessCalendar(
        timezone=data.get("timezone") or "UTC",
        workdays=frozenset(data.get("workdays") or (1, 2, 3, 4, 5)),
        day_start=time.fromisoformat(data.get("day_start") or "09:00"),
        day_end=time.fromisoformat(data.get("day_end") or "17:00"),
        holiday_country=data.get("holiday_country"),
        holiday_subdivision=data.get("holiday_subdivision"),
    )


def _scored(row: MessageRow, resolver: PartyResolver) -> ScoredMessage:
    return ScoredMessage(
        message_id=row.id,
        thread_id=row.conversation_id,
        sent_at=row.sent_at,
        party=resolver.party_of(row.sender_address),
        valence=_clamp(row.valence, -1.0, 1.0),
        politeness=_clamp(row.politeness, 0.0, 1.0),
    )


def _clamp(value: float | None, low: float, high: float) -> float | None:
    return None if value is None else min(high, max(low, float(value)))


def _series_point(period, party, messages, answered, channels) -> dict[str, Any]:
    valences = [m.valence for m in messages if m.valence is not None]
    polite = [m.politeness for m in messages if m.politeness is not None]
    hours = [r.business_hours for r in answered]
    return {
        "period": period,
        "party": party,
        "channels": sorted({channels[m.message_id] for m in messages}),
        "messages": len(messages),
        "scored": len(valences),
        "mean_valence": round(fmean(valences), 4) if valences else None,
        "mean_politeness": round(fmean(polite), 4) if polite else None,
        "replies": len(hours),
        "median_reply_business_hours": round(median(hours), 2) if hours else None,
        "evidence_message_ids": [m.message_id for m in messages][:50],
    }


def _periods(
    timeline: SupplierTimeline, start: str | None, end: str | None
) -> list[str]:
    for value in (start, end):
        if value is not None and not _PERIOD.match(value):
            raise BadRequest(f"{value!r} is not a month; write YYYY-MM, e.g. 2001-03.")
    if start and end and start > end:
        raise BadRequest(f"'from' ({start}) is after 'to' ({end}).")
    dates = [m.sent_at for m in timeline.messages]
    if not dates and (start is None or end is None):
        return []
    first = start or period_of(min(dates))
    last = end or period_of(max(dates))
    periods = _month_range(first, last)
    if len(periods) > MAX_PERIODS:
        raise BadRequest(
            f"{len(periods)} months asked for; ask for at most {MAX_PERIODS} "
            "with 'from' and 'to' (YYYY-MM)."
        )
    return periods


def _month_range(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    end_year, end_month = (int(x) for x in last.split("-"))
    periods = []
    while (year, month) <= (end_year, end_month) and len(periods) <= MAX_PERIODS:
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _group_by_period(items: Sequence, key=None) -> dict[str, list]:
    key = key or (lambda item: period_of(item.sent_at))
    grouped: dict[str, list] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def _reply_period(timeline: SupplierTimeline):
    sent = {m.message_id: m.sent_at for m in timeline.messages}
    return lambda reply: period_of(sent[reply.reply_message_id])


def _unanswered_in(timeline: SupplierTimeline, period: str) -> list[Unanswered]:
    """Bursts opened in this month and still unanswered at its end (or now)."""
    as_of = min(_month_end(period), datetime.now(UTC))
    in_period = [m for m in timeline.thread_messages if period_of(m.sent_at) <= period]
    overdue = unanswered_messages(
        in_period, timeline.calendars, as_of, timeline.unanswered_threshold_hours
    )
    sent = {m.message_id: m.sent_at for m in timeline.messages}
    return [u for u in overdue if period_of(sent[u.message_id]) == period]


def _month_end(period: str) -> datetime:
    year, month = (int(x) for x in period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime(year, month, 1, tzinfo=UTC)
