"""The rule baseline that decides whether a message is owed an answer."""

import pytest

from app.relationships.requests import expects_reply


@pytest.mark.parametrize(
    "text",
    [
        "Could you send the revised quote by Friday?",
        "Please confirm the delivery date.",
        "Let me know when the shipment leaves.",
        "When will the parts arrive",
    ],
)
def test_questions_and_requests_expect_a_reply(text):
    assert expects_reply(text)


@pytest.mark.parametrize(
    "text",
    ["FYI, see below.", "Thanks, received.", "", "The report is attached."],
)
def test_statements_and_thanks_expect_none(text):
    assert not expects_reply(text)


def test_a_question_deep_in_a_long_tail_is_ignored():
    assert not expects_reply("Noted." + " filler" * 2000 + " really?")
