"""Health v0: one 0-100 reading per supplier and month, built from named components.

The overall score is the weighted mean of the components that could be scored. A
month with too little two-way traffic is ``insufficient_data``: no overall score,
but the components are still reported so the reader sees what little there was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from app.relationships.health_components import (
    Component,
    ScoredMessage,
    responsiveness_component,
    tone_component,
    volume_balance_component,
)
from app.relationships.responsiveness import ReplyEvent, Unanswered

__all__ = [
    "Component",
    "ScoredMessage",
    "HealthReading",
    "HealthTrendPoint",
    "compute_health",
    "health_trend",
    "period_of",
    "COMPONENT_WEIGHTS",
    "MIN_MESSAGES",
    "CONFIDENCE_HALF_MESSAGES",
]

HealthStatus = Literal["ok", "insufficient_data"]
Direction = Literal["up", "down", "flat"]

# Tone and responsiveness are the relational signals the product exists for; volume
# balance is context (a quiet month is not a bad month), so it weighs less.
COMPONENT_WEIGHTS: Mapping[str, float] = {
    "tone": 0.4,
    "responsiveness": 0.4,
    "volume_balance": 0.2,
}

# Below five buyer/supplier messages a single curt e-mail would swing the month.
MIN_MESSAGES = 5

# Confidence from volume is n / (n + k): half-confident at 20 messages (about one a
# working day), 0.8 at 80. Multiplied by the weight share of scored components.
CONFIDENCE_HALF_MESSAGES = 20

# Moves smaller than this many points are within month-to-month noise.
TREND_FLAT_BAND = 5.0

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class HealthReading:
    """The health of one supplier relationship over one period."""

    period: str
    score: float | None
    status: HealthStatus
    confidence: float
    components: dict[str, Component] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HealthTrendPoint:
    """One period's score and its change since the previous scored period."""

    period: str
    score: float | None
    previous_period: str | None
    delta: float | None
    direction: Direction | None


def compute_health(
    period: str,
    messages: Sequence[ScoredMessage],
    replies: Sequence[ReplyEvent],
    unanswered: Sequence[Unanswered],
) -> HealthReading:
    """Build the health reading of one supplier for one period.

    Reply events already carry business hours in each responder's own calendar, so
    no calendars are needed here. The caller chooses the period's boundaries.

    Args:
        period: The month as ``"YYYY-MM"``.
        messages: The supplier's messages in the period, with tone signals.
        replies: Reply events in the period (see ``responsiveness.reply_events``).
        unanswered: Overdue open requests at the period's end.

    Returns:
        The reading; ``score`` is None and ``confidence`` 0 when data is insufficient.

    Example:
        >>> reading = compute_health("2001-03", messages, replies, unanswered)
        >>> reading.status, round(reading.score)
        ('ok', 71)
    """
    _check_period(period)
    components = {
        "tone": tone_component(messages, COMPONENT_WEIGHTS["tone"]),
        "responsiveness": responsiveness_component(
            replies, unanswered, COMPONENT_WEIGHTS["responsiveness"]
        ),
        "volume_balance": volume_balance_component(
            messages, COMPONENT_WEIGHTS["volume_balance"]
        ),
    }

    if not _has_enough_data(components["volume_balance"]):
        return HealthReading(period, None, "insufficient_data", 0.0, components)
    score = _overall_score(components.values())
    confidence = _confidence(components)
    return HealthReading(period, score, "ok", confidence, components)


def health_trend(readings: Iterable[HealthReading]) -> list[HealthTrendPoint]:
    """Order readings by period and give each its change since the last scored one.

    A period without a score is skipped as a baseline, so one quiet month does not
    hide a drop across it; ``previous_period`` shows which month was compared.

    Args:
        readings: Readings of one supplier, one per period, in any order.

    Returns:
        One point per reading, oldest first.

    Example:
        >>> [p.delta for p in health_trend([march, april])]
        [None, -12.5]
    """
    ordered = sorted(readings, key=lambda r: r.period)
    _check_unique_periods(ordered)
    points = []
    baseline: HealthReading | None = None
    for reading in ordered:
        points.append(_trend_point(reading, baseline))
        if reading.score is not None:
            baseline = reading
    return points


def period_of(moment: datetime) -> str:
    """Return the UTC month of ``moment`` as ``"YYYY-MM"``.

    Example:
        >>> period_of(datetime(2001, 3, 31, 23, 30, tzinfo=UTC))
        '2001-03'
    """
    return moment.astimezone(UTC).strftime("%Y-%m")


def _has_enough_data(volume: Component) -> bool:
    return volume.n >= MIN_MESSAGES and volume.detail["two_way_threads"] > 0


def _overall_score(components: Iterable[Component]) -> float | None:
    scored = [(c.score, c.weight) for c in components if c.score is not None]
    total = sum(weight for _, weight in scored)
    if total == 0:
        return None
    return sum(score * weight for score, weight in scored) / total


def _confidence(components: Mapping[str, Component]) -> float:
    messages = components["volume_balance"].n
    volume = messages / (messages + CONFIDENCE_HALF_MESSAGES)
    available = sum(c.weight for c in components.values() if c.score is not None)
    coverage = available / sum(c.weight for c in components.values())
    return volume * coverage


def _trend_point(
    reading: HealthReading, baseline: HealthReading | None
) -> HealthTrendPoint:
    if reading.score is None or baseline is None or baseline.score is None:
        previous = baseline.period if baseline else None
        return HealthTrendPoint(reading.period, reading.score, previous, None, None)
    delta = reading.score - baseline.score
    return HealthTrendPoint(
        reading.period, reading.score, baseline.period, delta, _direction(delta)
    )


def _direction(delta: float) -> Direction:
    if abs(delta) < TREND_FLAT_BAND:
        return "flat"
    return "up" if delta > 0 else "down"


def _check_period(period: str) -> None:
    if not _PERIOD.match(period):
        raise ValueError(f"period {period!r} must be a month written as 'YYYY-MM'")


def _check_unique_periods(readings: Sequence[HealthReading]) -> None:
    periods = [r.period for r in readings]
    if len(periods) != len(set(periods)):
        raise ValueError("readings must hold one reading per period; found duplicates")
