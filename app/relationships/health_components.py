"""The named components of a health reading: tone, responsiveness, volume balance.

Each builder turns one kind of evidence into a ``Component``: a 0-100 score (None
when there is nothing to score), the messages or events behind it, the message ids
that drive it most, and the raw figures, so every number traces back to messages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.relationships.parties import Party
from app.relationships.responsiveness import ReplyEvent, Unanswered, summarise

__all__ = [
    "ScoredMessage",
    "Component",
    "tone_component",
    "responsiveness_component",
    "volume_balance_component",
    "latency_score",
    "PARTY_WEIGHTS",
    "EVIDENCE_CAP",
]

SIDES: tuple[Party, Party] = (Party.supplier, Party.buyer)

# The reading is about the supplier's side of the relationship first, but a buyer
# going cold or slow is drift too, so the buyer's side keeps a real share.
PARTY_WEIGHTS: Mapping[str, float] = {"supplier": 0.6, "buyer": 0.4}

# Valence carries the temperature of the relationship; politeness is largely
# register (a terse engineer is not hostile), so it only moderates the tone.
VALENCE_SHARE = 0.7
POLITENESS_SHARE = 0.3

# Score of a neutral (valence 0), averagely polite (0.5) message: the line between
# evidence that pulls the tone down and evidence that holds it up.
TONE_NEUTRAL = 50.0

# Replies within one business hour are as good as it gets; five eight-hour business
# days without an answer reads as no answer at all.
FAST_REPLY_HOURS = 1.0
SLOW_REPLY_HOURS = 40.0

# An overdue, still-open request scores like the slowest possible reply: the asker
# is still waiting, and the wait keeps growing.
UNANSWERED_EVENT_SCORE = 0.0

# Even message counts each way and conversations where both sides speak matter
# equally: a balanced count of broadcasts is still not a dialogue.
COUNT_BALANCE_SHARE = 0.5
TWO_WAY_THREAD_SHARE = 0.5

# Enough ids for a reviewer to open in one sitting.
EVIDENCE_CAP = 10


@dataclass(frozen=True, slots=True)
class ScoredMessage:
    """A message with its tone signals; None where the signal was not scored."""

    message_id: int
    thread_id: int
    sent_at: datetime
    party: Party
    valence: float | None = None
    politeness: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "party", Party(self.party))
        if self.valence is not None and not -1.0 <= self.valence <= 1.0:
            raise ValueError(f"valence {self.valence} must lie in [-1, 1] or be None")
        if self.politeness is not None and not 0.0 <= self.politeness <= 1.0:
            raise ValueError(
                f"politeness {self.politeness} must lie in [0, 1] or be None"
            )


@dataclass(frozen=True, slots=True)
class Component:
    """One named part of a health reading and the evidence behind it."""

    score: float | None
    weight: float
    n: int
    evidence_message_ids: list[int] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


def latency_score(business_hours: float) -> float:
    """Map a reply latency to 0-100: 100 up to 1 hour, 0 from 40 hours, log-linear.

    Log-linear because waiting feels proportional: going from 1 to 4 hours costs as
    much as going from 10 to 40.

    Args:
        business_hours: Latency in the responder's business hours.

    Returns:
        The latency's score between 0 and 100.

    Example:
        >>> round(latency_score(8.0), 1)
        43.6
    """
    if business_hours <= FAST_REPLY_HOURS:
        return 100.0
    if business_hours >= SLOW_REPLY_HOURS:
        return 0.0
    span = math.log(SLOW_REPLY_HOURS / FAST_REPLY_HOURS)
    return 100.0 * (1.0 - math.log(business_hours / FAST_REPLY_HOURS) / span)


def tone_component(messages: Sequence[ScoredMessage], weight: float) -> Component:
    """Score tone per side from valence and politeness, then blend the sides.

    Args:
        messages: The period's messages; ``other`` and unscored ones are ignored.
        weight: The component's weight in the overall score.

    Returns:
        The tone component; evidence lists the most negative messages first, then
        the most positive ones.

    Example:
        >>> tone_component(messages, weight=0.4).detail["supplier_valence_mean"]
        -0.35
    """
    scored = [m for m in messages if m.party in SIDES and _has_tone(m)]
    detail: dict[str, Any] = {}
    party_scores: dict[str, float] = {}
    for party in SIDES:
        own = [m for m in scored if m.party == party]
        figures = _party_tone(own)
        detail.update({f"{party}_{name}": value for name, value in figures.items()})
        if figures["score"] is not None:
            party_scores[party] = figures["score"]

    score = _weighted_mean(party_scores, PARTY_WEIGHTS)
    return Component(score, weight, len(scored), _tone_evidence(scored), detail)


def responsiveness_component(
    replies: Sequence[ReplyEvent], unanswered: Sequence[Unanswered], weight: float
) -> Component:
    """Score how fast each side answers, counting overdue requests as the worst reply.

    Args:
        replies: The period's reply events (business hours in the responder's calendar).
        unanswered: The period's overdue open requests.
        weight: The component's weight in the overall score.

    Returns:
        The responsiveness component; evidence lists the longest-waiting unanswered
        messages first, then the prompts of the slowest replies.

    Example:
        >>> component = responsiveness_component(replies, [], weight=0.4)
        >>> component.detail["supplier_answered"]
        12
    """
    detail: dict[str, Any] = {}
    party_scores: dict[str, float] = {}
    for party in SIDES:
        summary = summarise(replies, unanswered, party)
        event_scores = _event_scores(replies, unanswered, party)
        party_score = _mean(event_scores)
        detail[f"{party}_median_business_hours"] = summary.median_business_hours
        detail[f"{party}_p90_business_hours"] = summary.p90_business_hours
        detail[f"{party}_answered"] = summary.answered
        detail[f"{party}_unanswered"] = summary.unanswered
        detail[f"{party}_score"] = party_score
        if party_score is not None:
            party_scores[party] = party_score

    score = _weighted_mean(party_scores, PARTY_WEIGHTS)
    evidence = _responsiveness_evidence(replies, unanswered)
    return Component(score, weight, len(replies) + len(unanswered), evidence, detail)


def volume_balance_component(
    messages: Sequence[ScoredMessage], weight: float
) -> Component:
    """Score two-way balance: messages each way and threads where both sides speak.

    Args:
        messages: The period's messages; ``other`` is counted in volume only.
        weight: The component's weight in the overall score.

    Returns:
        The volume-balance component; evidence lists messages of one-sided threads.

    Example:
        >>> volume_balance_component(messages, weight=0.2).detail["two_way_threads"]
        3
    """
    sides = [m for m in messages if m.party in SIDES]
    buyer = sum(1 for m in sides if m.party == "buyer")
    supplier = len(sides) - buyer
    thread_sides = _thread_sides(sides)
    two_way = sum(1 for parties in thread_sides.values() if len(parties) == 2)

    balance = min(buyer, supplier) / max(buyer, supplier) if sides else None
    two_way_share = two_way / len(thread_sides) if thread_sides else None
    score = None
    if balance is not None and two_way_share is not None:
        score = 100.0 * (
            COUNT_BALANCE_SHARE * balance + TWO_WAY_THREAD_SHARE * two_way_share
        )

    detail = {
        "total_messages": len(messages),
        "buyer_messages": buyer,
        "supplier_messages": supplier,
        "other_messages": len(messages) - len(sides),
        "threads": len(thread_sides),
        "two_way_threads": two_way,
        "balance_ratio": balance,
        "two_way_share": two_way_share,
    }
    evidence = _one_sided_evidence(sides, thread_sides)
    return Component(score, weight, len(sides), evidence, detail)


def _mix(valence: float | None, politeness: float | None) -> float | None:
    parts: dict[str, float] = {}
    if valence is not None:
        parts["valence"] = (valence + 1.0) * 50.0
    if politeness is not None:
        parts["politeness"] = politeness * 100.0
    shares = {"valence": VALENCE_SHARE, "politeness": POLITENESS_SHARE}
    return _weighted_mean(parts, shares)


def _has_tone(message: ScoredMessage) -> bool:
    return message.valence is not None or message.politeness is not None


def _party_tone(messages: Sequence[ScoredMessage]) -> dict[str, Any]:
    valence = _mean([m.valence for m in messages if m.valence is not None])
    politeness = _mean([m.politeness for m in messages if m.politeness is not None])
    return {
        "valence_mean": valence,
        "politeness_mean": politeness,
        "scored_messages": len(messages),
        "score": _mix(valence, politeness),
    }


def _tone_evidence(scored: Sequence[ScoredMessage]) -> list[int]:
    tones = ((_mix(m.valence, m.politeness), m.message_id) for m in scored)
    ranked = sorted((tone, mid) for tone, mid in tones if tone is not None)
    negative = [mid for tone, mid in ranked if tone < TONE_NEUTRAL]
    positive = [mid for tone, mid in reversed(ranked) if tone > TONE_NEUTRAL]
    return (negative + positive)[:EVIDENCE_CAP]


def _event_scores(
    replies: Sequence[ReplyEvent], unanswered: Sequence[Unanswered], party: str
) -> list[float]:
    scores = [
        latency_score(r.business_hours) for r in replies if r.responder_party == party
    ]
    owed = sum(1 for u in unanswered if u.owed_by_party == party)
    return scores + [UNANSWERED_EVENT_SCORE] * owed


def _responsiveness_evidence(
    replies: Sequence[ReplyEvent], unanswered: Sequence[Unanswered]
) -> list[int]:
    waiting = sorted(unanswered, key=lambda u: -u.business_hours_waited)
    slowest = sorted(replies, key=lambda r: -r.business_hours)
    ids = [u.message_id for u in waiting] + [r.prompt_message_id for r in slowest]
    return list(dict.fromkeys(ids))[:EVIDENCE_CAP]


def _thread_sides(messages: Sequence[ScoredMessage]) -> dict[int, set[str]]:
    sides: dict[int, set[str]] = defaultdict(set)
    for message in messages:
        sides[message.thread_id].add(message.party)
    return sides


def _one_sided_evidence(
    messages: Sequence[ScoredMessage], thread_sides: Mapping[int, set[str]]
) -> list[int]:
    lonely = [m for m in messages if len(thread_sides[m.thread_id]) == 1]
    lonely.sort(key=lambda m: (m.sent_at, m.message_id))
    return [m.message_id for m in lonely][:EVIDENCE_CAP]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _weighted_mean(
    values: Mapping[str, float], weights: Mapping[str, float]
) -> float | None:
    total = sum(weights[name] for name in values)
    if not values or total == 0:
        return None
    return sum(value * weights[name] for name, value in values.items()) / total
