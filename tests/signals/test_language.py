"""The spaCy rule layer: sentences, entities and the per-sentence rule flags."""

from __future__ import annotations

import pytest
import spacy

from app.signals.language import get_pipeline, read_texts, sentences


def _entities(text: str, label: str, names: tuple[str, ...] = ()) -> list[str]:
    reading = read_texts([text], org_names=names)[0]
    return [e["text"] for e in reading.entities if e["label"] == label]


def _rules(text: str) -> dict[str, bool]:
    [sentence] = read_texts([text])[0].sentences
    return sentence["rules"]


def test_the_pipeline_is_built_once_per_process() -> None:
    assert get_pipeline() is get_pipeline()
    assert get_pipeline().pipe_names == [
        "sentencizer",
        "entity_ruler",
        "suppeq_trim_entities_v1",
        "suppeq_cues_v1",
    ]


def test_sentences_split_exactly_like_the_plain_rule_sentencizer() -> None:
    # Label pointers hash sentences: the rules must not move a boundary.
    plain = spacy.blank("en")
    plain.add_pipe("sentencizer")
    text = "Ship it by Dec. 3, 2026. Acme Inc. agreed!  Call me?\n\nThanks,\nAnn"
    assert [s.text for s in sentences(text)] == [s.text for s in plain(text).sents]


@pytest.mark.parametrize(
    "amount",
    ["$1,250.00", "USD 5m", "3 million dollars", "EUR 40k", "€12", "$.05", "US $0.25"],
)
def test_money_is_found_in_its_usual_spellings(amount: str) -> None:
    assert _entities(f"The invoice says {amount} in total.", "MONEY") == [amount]


def test_a_million_dollar_question_names_no_amount() -> None:
    assert _entities("That is the million dollar question.", "MONEY") == []


def test_percentages_are_found() -> None:
    assert _entities("Prices rise 15% or 2.5 percent.", "PERCENT") == [
        "15%",
        "2.5 percent",
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "Dec 3",
        "12/03/2026",
        "3 December 2026",
        "Q3 2027",
        "2026-12-03",
        "tomorrow",
        "next Friday",
        "end of month",
        "end of next week",
        "within 5 business days",
        "EOD",
        "COB Friday",
        "the 15th",
    ],
)
def test_absolute_and_relative_dates_are_found(phrase: str) -> None:
    assert _entities(f"We ship {phrase} as agreed.", "DATE") == [phrase]


def test_trailing_commas_stay_out_of_a_date() -> None:
    assert _entities("On Dec 3, we ship.", "DATE") == ["Dec 3"]


def test_the_modal_may_and_the_verb_march_are_not_dates() -> None:
    assert _entities("We may march on.", "DATE") == []


def test_organisations_with_a_legal_suffix_are_found() -> None:
    text = "Acme Inc. and Foo Ltd signed with Bar GmbH, Baz S.A. and Qux plc."
    found = ["Acme Inc.", "Foo Ltd", "Bar GmbH", "Baz S.A.", "Qux plc"]
    assert _entities(text, "ORG") == found


def test_the_callers_names_are_organisations_too_case_ignored() -> None:
    assert _entities("We met globex today.", "ORG", ("Globex",)) == ["globex"]


def test_a_callers_name_inside_a_longer_legal_name_stays_one_entity() -> None:
    text = "Globex Holdings Ltd wrote."
    assert _entities(text, "ORG", ("Globex",)) == ["Globex Holdings Ltd"]


@pytest.mark.parametrize(
    "text",
    [
        "Could you please send the revised quote?",
        "Please confirm the delivery date.",
        "I need you to sign the contract.",
        "Let me know when it ships.",
        "Send me the invoice.",
        "Is the price still valid?",
    ],
)
def test_requests_are_flagged(text: str) -> None:
    assert _rules(text)["request"]


@pytest.mark.parametrize(
    "text", ["Please find attached the invoice.", "The parts arrived on time."]
)
def test_attachments_and_statements_are_not_requests(text: str) -> None:
    assert not _rules(text)["request"]


@pytest.mark.parametrize(
    "text",
    [
        "I'll send the revised quote tomorrow.",
        "We will ship the parts on Friday.",
        "I am going to call the plant.",
        "We commit to a two-day turnaround.",
        "You will have it by Monday.",
        "I’ll make sure it is fixed.",
        "Let me check with the warehouse.",
    ],
)
def test_commitments_are_flagged(text: str) -> None:
    assert _rules(text)["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "We won't be able to ship on Monday.",
        "I will not sign this.",
        "We cannot accept the new terms.",
        "I'm unable to attend.",
    ],
)
def test_a_negated_promise_is_a_refusal_not_a_commitment(text: str) -> None:
    rules = _rules(text)
    assert rules["refusal"] and not rules["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "We will need the drawings first.",
        "You'll have to ask procurement.",
        "I will be out of the office.",
        "We'll see.",
    ],
)
def test_needs_obligations_and_absences_are_not_commitments(text: str) -> None:
    assert not _rules(text)["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "It might slip a week.",
        "Perhaps we can meet.",
        "I think the price holds.",
        "I'm not sure it ships.",
        "We should be able to deliver.",
        "This is subject to approval.",
        "Hopefully it arrives.",
    ],
)
def test_hedges_are_flagged(text: str) -> None:
    assert _rules(text)["hedge"]


def test_a_promise_with_a_hedge_is_a_hedged_commitment() -> None:
    [commitment] = read_texts(["I'll try to send it by Friday."])[0].commitments
    assert commitment["hedged"] is True


def test_each_sentence_gets_its_own_flags() -> None:
    reading = read_texts(["Can you send it? I will check. It might rain."])[0]
    flags = [{k for k, v in s["rules"].items() if v} for s in reading.sentences]
    assert flags == [{"request"}, {"commitment"}, {"hedge"}]


def test_max_sentences_caps_sentences_and_commitments_but_counts_all() -> None:
    reading = read_texts(["I will call. " * 5], max_sentences=2)[0]
    assert reading.sentence_count == 5
    assert len(reading.sentences) == 2
    assert [c["sentence_index"] for c in reading.commitments] == [0, 1]
