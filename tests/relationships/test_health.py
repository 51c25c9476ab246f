from datetime import UTC, datetime, timedelta

import pytest

from app.relationships.business_time import BusinessCalendar
from app.relationships.health import (
    COMPONENT_WEIGHTS,
    CONFIDENCE_HALF_MESSAGES,
    Component,
    HealthReading,
    ScoredMessage,
    compute_health,
    health_trend,
    period_of,
)
from app.relationships.health_components import (
    EVIDENCE_CAP,
    latency_score,
    responsiveness_component,
    tone_component,
    volume_balance_component,
)
from app.relationships.parties import Party
from app.relationships.responsiveness import (
    ReplyEvent,
    ThreadMessage,
    Unanswered,
    reply_events,
    unanswered_messages,
)

START = datetime(2001, 3, 5, 14, tzinfo=UTC)


def scored(
    message_id: int,
    party: str,
    thread_id: int = 1,
    valence: float | None = 0.2,
    politeness: float | None = 0.6,
) -> ScoredMessage:
    sent_at = START + timedelta(hours=message_id)
    return ScoredMessage(message_id, thread_id, sent_at, party, valence, politeness)


def conversation(threads: int = 3, turns: int = 4) -> list[ScoredMessage]:
    """Threads in which buyer and supplier take turns."""
    messages = []
    for thread_id in range(1, threads + 1):
        for turn in range(turns):
            party = "buyer" if turn % 2 == 0 else "supplier"
            messages.append(scored(thread_id * 100 + turn, party, thread_id))
    return messages


def reply(responder: str, hours: float, prompt_id: int = 1) -> ReplyEvent:
    return ReplyEvent(1, prompt_id, prompt_id + 1, Party(responder), hours, hours)


def test_healthy_month_scores_ok_with_every_component():
    replies = [reply("supplier", 1.0), reply("buyer", 1.0)]

    reading = compute_health("2001-03", conversation(), replies, [])

    assert reading.status == "ok"
    assert set(reading.components) == {"tone", "responsiveness", "volume_balance"}
    assert reading.components["responsiveness"].score == 100.0
    assert reading.components["volume_balance"].score == 100.0
    assert 0 < reading.score <= 100


def test_overall_score_is_the_weighted_mean_of_the_components():
    reading = compute_health("2001-03", conversation(), [reply("supplier", 8.0)], [])

    parts = reading.components.values()
    expected = sum(c.score * c.weight for c in parts) / sum(c.weight for c in parts)
    assert reading.score == pytest.approx(expected)


def test_component_without_evidence_is_left_out_of_the_overall_score():
    reading = compute_health("2001-03", conversation(), [], [])

    tone = reading.components["tone"]
    volume = reading.components["volume_balance"]
    assert reading.components["responsiveness"].score is None
    expected = (tone.score * tone.weight + volume.score * volume.weight) / (
        tone.weight + volume.weight
    )
    assert reading.score == pytest.approx(expected)


def test_month_with_fewer_than_five_messages_is_insufficient_but_keeps_components():
    messages = conversation(threads=1, turns=4)

    reading = compute_health("2001-03", messages, [reply("supplier", 2.0)], [])

    assert reading.status == "insufficient_data"
    assert reading.score is None
    assert reading.confidence == 0.0
    assert reading.components["tone"].n == 4
    assert reading.components["responsiveness"].score is not None


def test_month_without_any_two_way_thread_is_insufficient_data():
    messages = [scored(i, "buyer", thread_id=1) for i in range(5)]
    messages += [scored(10 + i, "supplier", thread_id=2) for i in range(5)]

    reading = compute_health("2001-03", messages, [], [])

    assert reading.status == "insufficient_data"
    assert reading.score is None


def test_confidence_grows_with_the_number_of_messages():
    small = compute_health("2001-03", conversation(threads=2), [reply("buyer", 1)], [])
    large = compute_health("2001-03", conversation(threads=8), [reply("buyer", 1)], [])

    assert small.confidence == pytest.approx(8 / (8 + CONFIDENCE_HALF_MESSAGES))
    assert small.confidence < large.confidence < 1.0


def test_confidence_drops_when_a_component_cannot_be_scored():
    messages = conversation()
    full = compute_health("2001-03", messages, [reply("buyer", 1)], [])
    partial = compute_health("2001-03", messages, [], [])

    coverage = 1 - COMPONENT_WEIGHTS["responsiveness"]
    assert partial.confidence == pytest.approx(full.confidence * coverage)


def test_tone_evidence_ids_point_at_the_most_negative_messages_first():
    messages = conversation()
    messages += [
        scored(901, "supplier", valence=-0.9, politeness=0.1),
        scored(902, "supplier", valence=-0.5, politeness=0.3),
        scored(903, "buyer", valence=-0.7, politeness=0.2),
        scored(904, "supplier", valence=1.0, politeness=1.0),
    ]

    tone = compute_health("2001-03", messages, [], []).components["tone"]

    assert tone.evidence_message_ids[:3] == [901, 903, 902]
    assert tone.evidence_message_ids[3] == 904


def test_tone_keeps_per_party_means_and_leans_on_the_supplier_side():
    messages = [
        scored(1, "supplier", valence=-1.0, politeness=0.0),
        scored(2, "supplier", valence=0.0, politeness=0.0),
        scored(3, "buyer", valence=1.0, politeness=1.0),
    ]

    tone = tone_component(messages, weight=0.4)

    assert tone.detail["supplier_valence_mean"] == -0.5
    assert tone.detail["buyer_valence_mean"] == 1.0
    assert tone.detail["supplier_score"] == pytest.approx(0.7 * 25.0)
    assert tone.detail["buyer_score"] == 100.0
    assert tone.score == pytest.approx(0.6 * 17.5 + 0.4 * 100.0)


def test_unscored_and_other_party_messages_do_not_count_towards_tone():
    messages = [
        scored(1, "supplier", valence=None, politeness=None),
        scored(2, "other", valence=-1.0, politeness=0.0),
        scored(3, "buyer", valence=0.0, politeness=None),
    ]

    tone = tone_component(messages, weight=0.4)

    assert tone.n == 1
    assert tone.detail["supplier_score"] is None
    assert tone.score == 50.0
    assert 2 not in tone.evidence_message_ids


def test_month_with_nothing_scored_has_no_tone_score():
    messages = [scored(i, "buyer", valence=None, politeness=None) for i in range(3)]
    assert tone_component(messages, weight=0.4).score is None


def test_latency_curve_is_full_within_an_hour_and_zero_after_five_business_days():
    assert latency_score(0.0) == 100.0
    assert latency_score(1.0) == 100.0
    assert latency_score(40.0) == 0.0
    assert latency_score(400.0) == 0.0
    assert 100 > latency_score(2) > latency_score(8) > latency_score(24) > 0
    assert latency_score(8.0) == pytest.approx(43.63, abs=0.01)


def test_unanswered_requests_pull_responsiveness_down_and_lead_its_evidence():
    replies = [reply("supplier", 1.0, prompt_id=10), reply("supplier", 30, 20)]
    unanswered = [Unanswered(3, 77, Party.buyer, Party.supplier, 24.0)]

    with_open = responsiveness_component(replies, unanswered, weight=0.4)
    without = responsiveness_component(replies, [], weight=0.4)

    assert with_open.score < without.score
    assert with_open.n == 3
    assert with_open.evidence_message_ids == [77, 20, 10]
    assert with_open.detail["supplier_unanswered"] == 1


def test_responsiveness_evidence_points_at_the_prompts_of_the_slowest_replies():
    replies = [reply("buyer", h, prompt_id=int(h)) for h in (3, 30, 12)]
    component = responsiveness_component(replies, [], weight=0.4)
    assert component.evidence_message_ids == [30, 12, 3]


def test_responsiveness_detail_keeps_each_side_percentiles():
    replies = [reply("supplier", h) for h in (1, 2, 3)] + [reply("buyer", 9)]

    detail = responsiveness_component(replies, [], weight=0.4).detail

    assert detail["supplier_median_business_hours"] == 2.0
    assert detail["buyer_median_business_hours"] == 9.0
    assert detail["supplier_answered"] == 3


def test_one_sided_threads_lower_volume_balance_and_become_its_evidence():
    messages = conversation(threads=2)
    messages += [scored(900 + i, "buyer", thread_id=9) for i in range(4)]

    volume = volume_balance_component(messages, weight=0.2)

    assert volume.detail["two_way_threads"] == 2
    assert volume.detail["threads"] == 3
    assert volume.detail["balance_ratio"] == pytest.approx(4 / 8)
    assert volume.score == pytest.approx(100 * (0.5 * 0.5 + 0.5 * 2 / 3))
    assert volume.evidence_message_ids == [900, 901, 902, 903]


def test_other_party_messages_count_in_volume_but_not_in_balance():
    messages = conversation(threads=1) + [scored(50, "other", thread_id=5)]

    volume = volume_balance_component(messages, weight=0.2)

    assert volume.detail["total_messages"] == 5
    assert volume.detail["other_messages"] == 1
    assert volume.detail["threads"] == 1
    assert volume.n == 4


def test_evidence_lists_are_capped():
    messages = [scored(i, "supplier", valence=-0.5) for i in range(30)]
    assert len(tone_component(messages, 0.4).evidence_message_ids) == EVIDENCE_CAP


def test_a_malformed_period_is_rejected():
    with pytest.raises(ValueError, match="YYYY-MM"):
        compute_health("2001-13", [], [], [])


@pytest.mark.parametrize(("valence", "politeness"), [(1.5, 0.5), (0.0, -0.1)])
def test_signals_outside_their_range_are_rejected(valence, politeness):
    with pytest.raises(ValueError, match="must lie in"):
        scored(1, "buyer", valence=valence, politeness=politeness)


def test_period_of_reads_the_utc_month():
    late_in_new_york = datetime(2001, 3, 31, 20, tzinfo=UTC) + timedelta(hours=5)
    assert period_of(late_in_new_york) == "2001-04"


def _reading(period: str, score: float | None) -> HealthReading:
    status = "ok" if score is not None else "insufficient_data"
    return HealthReading(period, score, status, 0.5, {})


def test_trend_orders_periods_and_gives_the_change_since_the_previous_one():
    points = health_trend([_reading("2001-04", 60), _reading("2001-03", 72.5)])

    assert [p.period for p in points] == ["2001-03", "2001-04"]
    assert points[0].delta is None
    assert points[1].delta == -12.5
    assert points[1].direction == "down"


def test_trend_compares_across_a_month_with_insufficient_data():
    points = health_trend(
        [_reading("2001-01", 50), _reading("2001-02", None), _reading("2001-03", 70)]
    )

    assert points[1].delta is None
    assert points[2].previous_period == "2001-01"
    assert points[2].delta == 20
    assert points[2].direction == "up"


def test_trend_calls_small_moves_flat():
    points = health_trend([_reading("2001-01", 50), _reading("2001-02", 53)])
    assert points[1].direction == "flat"


def test_trend_rejects_two_readings_for_one_period():
    with pytest.raises(ValueError, match="one reading per period"):
        health_trend([_reading("2001-01", 50), _reading("2001-01", 55)])


def test_thread_messages_flow_through_pairing_into_a_health_reading():
    calendars = {
        "buyer": BusinessCalendar("Europe/Berlin", holiday_country="DE"),
        "supplier": BusinessCalendar("America/New_York", holiday_country="US"),
    }
    messages = conversation()
    threads = [
        ThreadMessage(m.message_id, m.thread_id, m.sent_at, m.party) for m in messages
    ]
    as_of = datetime(2001, 4, 1, tzinfo=UTC)

    replies = reply_events(threads, calendars)
    overdue = unanswered_messages(threads, calendars, as_of)
    reading = compute_health("2001-03", messages, replies, overdue)

    assert reading.status == "ok"
    assert reading.components["responsiveness"].n == len(replies) + len(overdue)
    assert isinstance(reading.components["tone"], Component)
