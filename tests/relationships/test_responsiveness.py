from datetime import UTC, datetime

import pytest

from app.relationships.business_time import BusinessCalendar
from app.relationships.parties import Party
from app.relationships.responsiveness import (
    DEFAULT_UNANSWERED_THRESHOLD_HOURS,
    ReplyEvent,
    ThreadMessage,
    Unanswered,
    reply_events,
    summarise,
    unanswered_messages,
)

# Buyer in Munich (CET, UTC+1 in winter), supplier in New York (EST, UTC-5).
CALENDARS = {
    "buyer": BusinessCalendar(
        "Europe/Berlin", holiday_country="DE", holiday_subdivision="BY"
    ),
    "supplier": BusinessCalendar("America/New_York", holiday_country="US"),
}


def utc(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def msg(
    message_id: int,
    sent_at: datetime,
    party: str,
    thread_id: int = 1,
    expects_reply: bool = True,
) -> ThreadMessage:
    return ThreadMessage(message_id, thread_id, sent_at, party, expects_reply)


def test_supplier_reply_is_timed_in_the_supplier_business_hours():
    # 08:00 UTC Monday is 03:00 in New York; the reply at 15:00 UTC is 10:00 there.
    thread = [msg(1, utc(8, 8), "buyer"), msg(2, utc(8, 15), "supplier")]

    [event] = reply_events(thread, CALENDARS)

    assert event.responder_party == Party.supplier
    assert event.calendar_hours == 7.0
    assert event.business_hours == 1.0


def test_reply_on_monday_to_friday_evening_message_counts_only_monday_hours():
    # Supplier asks on Friday 18:00 Munich time; the buyer answers Monday 10:00.
    thread = [msg(1, utc(12, 17), "supplier"), msg(2, utc(15, 9), "buyer")]

    [event] = reply_events(thread, CALENDARS)

    assert event.responder_party == "buyer"
    assert event.calendar_hours == 64.0
    assert event.business_hours == 1.0


def test_burst_from_one_side_is_answered_by_one_reply_timed_from_its_first_message():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(9, 16), "buyer"),
        msg(3, utc(9, 18), "buyer"),
        msg(4, utc(9, 19), "supplier"),
    ]

    [event] = reply_events(thread, CALENDARS)

    assert event.prompt_message_id == 1
    assert event.reply_message_id == 4
    assert event.answered_message_ids == (1, 2, 3)
    assert event.business_hours == 5.0


def test_ping_pong_thread_gives_one_reply_event_per_turn():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(9, 15), "supplier"),
        msg(3, utc(9, 16), "buyer"),
        msg(4, utc(9, 17), "supplier"),
    ]

    events = reply_events(thread, CALENDARS)

    assert [(e.prompt_message_id, e.reply_message_id) for e in events] == [
        (1, 2),
        (2, 3),
        (3, 4),
    ]
    assert [e.responder_party for e in events] == ["supplier", "buyer", "supplier"]


def test_other_party_neither_asks_nor_answers():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(9, 15), "other"),
        msg(3, utc(9, 16), "supplier"),
        msg(4, utc(9, 17), "other"),
    ]

    [event] = reply_events(thread, CALENDARS)

    assert (event.prompt_message_id, event.reply_message_id) == (1, 3)
    open_at_end = unanswered_messages(thread, CALENDARS, as_of=utc(31, 12))
    assert [u.message_id for u in open_at_end] == [3]


def test_message_from_the_same_side_does_not_answer_its_own_side():
    thread = [msg(1, utc(9, 14), "supplier"), msg(2, utc(9, 15), "supplier")]
    assert reply_events(thread, CALENDARS) == []


def test_threads_are_paired_independently_even_when_interleaved():
    messages = [
        msg(1, utc(9, 14), "buyer", thread_id=1),
        msg(2, utc(9, 15), "supplier", thread_id=2),
        msg(3, utc(9, 16), "buyer", thread_id=2),
        msg(4, utc(9, 17), "supplier", thread_id=1),
    ]

    events = reply_events(messages, CALENDARS)

    assert [(e.thread_id, e.prompt_message_id, e.reply_message_id) for e in events] == [
        (1, 1, 4),
        (2, 2, 3),
    ]


def test_unsorted_input_is_put_in_time_order_within_each_thread():
    thread = [msg(2, utc(9, 15), "supplier"), msg(1, utc(9, 14), "buyer")]
    [event] = reply_events(thread, CALENDARS)
    assert (event.prompt_message_id, event.reply_message_id) == (1, 2)


def test_messages_sent_at_the_same_instant_are_ordered_by_message_id():
    thread = [msg(8, utc(9, 14), "supplier"), msg(7, utc(9, 14), "buyer")]
    [event] = reply_events(thread, CALENDARS)
    assert (event.prompt_message_id, event.reply_message_id, event.business_hours) == (
        7,
        8,
        0.0,
    )


def test_closing_thanks_that_expects_no_reply_answers_but_opens_no_prompt():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(9, 15), "supplier"),
        msg(3, utc(9, 16), "buyer", expects_reply=False),
    ]

    events = reply_events(thread, CALENDARS)
    overdue = unanswered_messages(thread, CALENDARS, as_of=utc(31, 12))

    assert [e.reply_message_id for e in events] == [2, 3]
    assert overdue == []


def test_buyer_question_left_open_past_the_threshold_is_owed_by_the_supplier():
    # Tuesday 14:00 UTC = 09:00 New York; Thursday 14:00 UTC is 16 supplier hours on.
    thread = [msg(1, utc(9, 14), "buyer")]

    [overdue] = unanswered_messages(thread, CALENDARS, as_of=utc(11, 14))

    assert overdue == Unanswered(1, 1, "buyer", "supplier", 16.0, (1,))


def test_open_question_within_the_threshold_is_not_yet_unanswered():
    # Wednesday 21:00 UTC is 16:00 in New York: 15 supplier hours, one short.
    thread = [msg(1, utc(9, 14), "buyer")]
    assert unanswered_messages(thread, CALENDARS, as_of=utc(10, 21)) == []


def test_waiting_is_counted_in_the_owing_side_calendar():
    # Supplier asks Thursday 4 July 2024 (a US holiday, but a Munich working day).
    thread = [msg(1, utc(4, 8, month=7), "supplier")]

    [overdue] = unanswered_messages(
        thread, CALENDARS, as_of=utc(4, 15, month=7), threshold_business_hours=1
    )

    assert overdue.owed_by_party == "buyer"
    assert overdue.business_hours_waited == 7.0


def test_messages_after_as_of_are_ignored_so_a_past_view_is_stable():
    thread = [msg(1, utc(9, 14), "buyer"), msg(2, utc(15, 14), "supplier")]

    overdue = unanswered_messages(thread, CALENDARS, as_of=utc(12, 22))

    assert [u.message_id for u in overdue] == [1]


def test_unanswered_burst_is_reported_once_from_its_earliest_message():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(10, 14), "buyer"),
        msg(3, utc(11, 14), "buyer"),
    ]

    [overdue] = unanswered_messages(thread, CALENDARS, as_of=utc(11, 15))

    assert overdue.message_id == 1
    assert overdue.message_ids == (1, 2, 3)
    assert overdue.business_hours_waited == 17.0


def test_answered_thread_leaves_nothing_unanswered():
    thread = [
        msg(1, utc(9, 14), "buyer"),
        msg(2, utc(9, 15), "supplier", expects_reply=False),
    ]
    assert unanswered_messages(thread, CALENDARS, as_of=utc(31, 12)) == []


def test_default_threshold_is_two_eight_hour_business_days():
    assert DEFAULT_UNANSWERED_THRESHOLD_HOURS == 16.0


def test_a_missing_calendar_for_one_side_is_rejected():
    with pytest.raises(ValueError, match=r"no entry for \['supplier'\]"):
        reply_events([], {"buyer": CALENDARS["buyer"]})


def test_naive_sent_at_is_rejected():
    with pytest.raises(ValueError, match="sent_at must be timezone-aware"):
        msg(1, datetime(2024, 1, 9, 14), "buyer")


def test_an_unknown_party_is_rejected():
    with pytest.raises(ValueError, match="not a valid Party"):
        msg(1, utc(9, 14), "vendor")


def test_party_strings_are_normalised_to_the_party_enum():
    assert msg(1, utc(9, 14), "supplier").party is Party.supplier


def _reply(responder: str, hours: float) -> ReplyEvent:
    return ReplyEvent(1, 1, 2, Party(responder), hours, hours)


def test_summarise_gives_median_p90_and_counts_for_the_responding_party():
    replies = [_reply("supplier", h) for h in (1, 2, 3, 4, 10)]
    replies.append(_reply("buyer", 50))
    unanswered = [
        Unanswered(1, 1, Party.buyer, Party.supplier, 20.0),
        Unanswered(2, 3, Party.supplier, Party.buyer, 20.0),
    ]

    summary = summarise(replies, unanswered, "supplier")

    assert summary.median_business_hours == 3.0
    assert summary.p90_business_hours == pytest.approx(7.6)
    assert (summary.answered, summary.unanswered) == (5, 1)


def test_summarise_without_replies_has_no_percentiles():
    summary = summarise([], [], "buyer")
    assert summary.median_business_hours is None
    assert summary.p90_business_hours is None
    assert (summary.answered, summary.unanswered) == (0, 0)
