"""Each supported input format comes out as the same normalised records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.config import Settings
from app.ingestion.parsers import (
    ParsedMessage,
    Quarantined,
    count_items,
    iter_source,
    parse_gmail_message,
    parse_graph_message,
    parse_rfc822,
)
from app.ingestion.parsers import rfc822 as rfc822_module

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


@pytest.fixture
def mail_fixtures() -> Path:
    return FIXTURES


def _only(path: Path) -> ParsedMessage:
    (outcome,) = list(iter_source(path))
    assert isinstance(outcome, ParsedMessage), outcome
    return outcome


def test_graph_message_uses_unique_body_and_conversation_id(mail_fixtures):
    msg = _only(mail_fixtures / "graph_message.json")

    assert msg.source_format == "graph"
    assert msg.provider_thread_id == "AAQkAGI2TG93conv"
    assert msg.message_id == "DB9PR01MB1234.eurprd01.prod.outlook.com"
    assert msg.sender is not None and msg.sender.address == "mara.lind@supplier.example"
    assert msg.cc == []  # the invalid address is dropped
    assert msg.sent_at == datetime(2024, 3, 18, 9, 15, tzinfo=UTC)
    assert msg.utc_offset_minutes == 60
    assert msg.references == ["root@buyer.example", "abc123@buyer.example"]
    assert "Thursday" in msg.new_text and "When can you deliver" not in msg.new_text
    assert "When can you deliver" in msg.body_text
    assert msg.language == "en"


def test_graph_page_yields_every_item_and_quarantines_unknown_ones(mail_fixtures):
    outcomes = list(iter_source(mail_fixtures / "graph_page.json"))

    assert [type(o) for o in outcomes] == [ParsedMessage, Quarantined]
    assert outcomes[1].source_ref.endswith("graph_page.json#2")
    assert "not a Graph or Gmail message" in outcomes[1].reason


def test_gmail_full_decodes_unpadded_nested_parts(mail_fixtures):
    msg = _only(mail_fixtures / "gmail_full.json")

    assert msg.provider_thread_id == "18e4f0a1b2c3d4e0"
    assert msg.subject == "Répétition livraison"
    assert msg.sender is not None and msg.sender.name == "André Fournisseur"
    assert [a.address for a in msg.to] == ["tom@buyer.example"]
    assert msg.message_id == "CAFx+gmail.1@mail.gmail.com"
    assert msg.sent_at == datetime(2024, 3, 18, 9, 15, tzinfo=UTC)
    assert "pièces jeudi" in msg.new_text and "a écrit" not in msg.new_text
    assert msg.language == "fr"


def test_gmail_raw_goes_through_the_rfc822_parser(mail_fixtures):
    msg = _only(mail_fixtures / "gmail_raw.json")

    assert msg.source_format == "gmail"
    assert msg.provider_thread_id == "18e4f0a1b2c3d4e0"
    assert msg.new_text.endswith("bei Ihnen an.")
    assert msg.language == "de"


def test_gmail_object_without_payload_or_raw_is_quarantined():
    outcome = parse_gmail_message({"id": "1", "threadId": "t"}, "ref")

    assert isinstance(outcome, Quarantined)
    assert outcome.reason == "Gmail message has neither payload nor raw"


def test_graph_object_of_wrong_shape_is_quarantined_not_raised():
    outcome = parse_graph_message(
        {"sentDateTime": "2024-01-01T00:00:00Z", "body": []}, "r"
    )
    assert isinstance(outcome, ParsedMessage)

    odd = parse_graph_message({"sentDateTime": 5}, "r")
    assert isinstance(odd, Quarantined) and odd.reason.startswith("no usable date")


def test_jsonl_mixes_providers_and_quarantines_bad_lines(mail_fixtures):
    outcomes = list(iter_source(mail_fixtures / "messages.jsonl"))

    assert [o.source_format for o in outcomes] == ["gmail", "graph", "json"]
    assert outcomes[2].reason.startswith("invalid JSON line")
    assert count_items(mail_fixtures / "messages.jsonl") == 3


def test_mbox_splits_on_from_lines_and_numbers_items(mail_fixtures):
    outcomes = list(iter_source(mail_fixtures / "tiny.mbox"))

    assert [o.source_ref.rsplit("#", 1)[1] for o in outcomes] == ["1", "2", "3"]
    first, second, third = outcomes
    assert isinstance(first, ParsedMessage) and first.utc_offset_minutes == -300
    assert "From the start of April" in first.new_text
    assert (
        isinstance(second, ParsedMessage)
        and second.in_reply_to == "mbox-1@vendor.example"
    )
    assert isinstance(third, Quarantined)
    assert count_items(mail_fixtures / "tiny.mbox") == 3


def test_maildir_reads_cur_and_new_but_not_tmp(mail_fixtures):
    outcomes = list(iter_source(mail_fixtures / "maildir"))

    assert [o.source_format for o in outcomes] == ["maildir", "maildir"]
    assert "/cur/" in outcomes[0].source_ref and "/new/" in outcomes[1].source_ref


def test_directory_walk_is_sorted_and_accounts_for_every_file(mail_fixtures):
    outcomes = list(iter_source(mail_fixtures))
    refs = [o.source_ref for o in outcomes]

    assert refs == sorted(refs)
    snippet = next(o for o in outcomes if o.source_ref.endswith("snippet.txt"))
    assert isinstance(snippet, Quarantined) and snippet.reason
    files = [
        p
        for p in mail_fixtures.rglob("*")
        if p.is_file() and "tmp" not in p.relative_to(mail_fixtures).parts
    ]
    assert count_items(mail_fixtures) == len(files)  # files; the mbox counts once


def test_unknown_charset_falls_back_to_detection(mail_fixtures):
    msg = _only(mail_fixtures / "bad_charset.eml")

    assert "leveransen är försenad två dagar" in msg.new_text
    assert msg.subject == "Leverans"
    assert msg.message_id == "[Exchange-style]@leverantor.example"
    assert msg.language == "sv"


def test_unparseable_date_without_received_is_quarantined(mail_fixtures):
    (outcome,) = list(iter_source(mail_fixtures / "no_date.eml"))

    assert isinstance(outcome, Quarantined)
    assert outcome.reason == "no usable date: Date header 'not a date' does not parse"


def test_missing_date_falls_back_to_received_and_group_sender_is_read(mail_fixtures):
    msg = _only(mail_fixtures / "received_date.eml")

    assert msg.sent_at == datetime(2024, 3, 23, 9, 0, tzinfo=UTC)
    assert msg.utc_offset_minutes == 120
    assert msg.sender is not None and msg.sender.address == "a@vendor.example"


def test_body_only_snippet_is_not_an_email(mail_fixtures):
    (outcome,) = list(iter_source(mail_fixtures / "snippet.txt"))

    assert isinstance(outcome, Quarantined)
    assert outcome.reason == "not an e-mail message: no From or Date header"


def test_missing_path_is_quarantined(tmp_path):
    (outcome,) = list(iter_source(tmp_path / "nope.eml"))
    assert outcome.reason == "path does not exist"


@pytest.mark.parametrize(
    ("caps", "reason"),
    [
        ({"max_message_bytes": 100}, "message too large"),
        ({"max_mime_parts": 2}, "too many MIME parts"),
        ({"max_mime_depth": 2}, "MIME nesting too deep"),
    ],
)
def test_caps_quarantine_with_their_reason(monkeypatch, caps, reason):
    monkeypatch.setattr(rfc822_module, "get_settings", lambda: Settings(**caps))
    raw = _nested_multipart(depth=3)

    outcome = parse_rfc822(raw, "eml", "caps.eml")

    assert isinstance(outcome, Quarantined)
    assert outcome.reason.startswith(reason)


def test_header_oddities_do_not_raise():
    raw = (
        b"From: undisclosed:;\nTo: Group: a@x.example, broken@;\n"
        b"Date: Tue, 31 Feb 2024 99:99:99 +9999\nReceived: junk\n"
        b"Message-ID: <[1.2.3]@exchange>\nReferences: <a@b> junk <c@d>\n\nhi\n"
    )
    outcome = parse_rfc822(raw, "eml", "odd.eml")

    assert isinstance(outcome, Quarantined)
    assert outcome.reason.startswith("no usable date")


def _nested_multipart(depth: int) -> bytes:
    head = (
        b"From: a@x.example\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMIME-Version: 1.0\n"
    )
    body = b"Content-Type: text/plain\n\nleaf\n"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\n\n"
            b"--" + boundary + b"\n" + body + b"\n--" + boundary + b"\n"
            b"Content-Type: text/plain\n\nsecond\n--" + boundary + b"--\n"
        )
    return head + body + b"x" * 200
