"""Reply stripping, HTML rendering and language detection on small texts."""

from __future__ import annotations

import time

import pytest

from app.ingestion.parsers import detect_language, html_to_text, strip_reply

OUTLOOK_REPLY = """Fine by me, please ship on Monday.

Clint

 -----Original Message-----
From: \t"Jennifer P" <jp@vendor.example>@ENRON
Sent:\tFriday, October 26, 2001 4:41 AM
To:\tDean, Clint
Subject:\tRE: shipment

Can we ship on Monday instead?
"""

LOTUS_REPLY = """Agreed, let's meet on Thursday.



"Mobley, Rena" <Rena.Mobley@vendor.example> on 05/03/2001 09:57:32 AM

To:   "'Clint.Dean@enron.com'" <Clint.Dean@enron.com>
cc:

Subject:  RE: meeting

Does Thursday work?
"""

LOTUS_FORWARD = f"""Please look at the note below.

{"-" * 22} Forwarded by Jane Doe/HOU/ECT on 01/02/2001 10:00 AM {"-" * 27}

John Smith
01/02/2001 09:00 AM
To: Jane Doe/HOU/ECT@ECT
cc:
Subject: prices
"""


@pytest.mark.parametrize(
    ("text", "kept", "cut"),
    [
        (OUTLOOK_REPLY, "please ship on Monday", "Can we ship"),
        (LOTUS_REPLY, "meet on Thursday", "Does Thursday work"),
        (LOTUS_FORWARD, "note below", "John Smith"),
        ("Ok.\n\nOn Mon, 1 Jan 2024, Jane <j@x.example> wrote:\n> old", "Ok.", "old"),
        ("Gut.\n\nAm 01.01.2024 schrieb Jane <j@x.example>:\n> alt", "Gut.", "alt"),
        (
            "Bien.\n\nLe 1 janv. 2024, Jane\n<j@x.example>\na écrit :\n> vieux",
            "Bien.",
            "vieux",
        ),
        (
            "Sí.\n\n-----Mensaje original-----\nDe: Jane\nPara: Tom\nAsunto: x",
            "Sí.",
            "Jane",
        ),
        (
            "Hi.\n\n*From:* Jane\n*Sent:* Monday\n*To:* Tom\n*Subject:* x\n\nold",
            "Hi.",
            "old",
        ),
        ("Sure.\n\nSent from my iPhone", "Sure.", "iPhone"),
        ("Sure.\n\n-- \nJane Doe\nSales", "Sure.", "Sales"),
    ],
)
def test_strip_reply_keeps_new_text_and_cuts_history(text, kept, cut):
    result = strip_reply(text)

    assert kept in result
    assert cut not in result


def test_strip_reply_cuts_a_legal_disclaimer():
    text = "See you then.\n\nThis e-mail is confidential and meant for the addressee."
    assert strip_reply(text) == "See you then."


def test_strip_reply_keeps_an_inline_quote_followed_by_an_answer():
    assert (
        strip_reply("> Can you ship?\n\nYes, on Monday.")
        == "> Can you ship?\n\nYes, on Monday."
    )


def test_strip_reply_keeps_prose_that_mentions_writing():
    text = "She wrote the report.\nI read what he wrote: it was fine, thanks for it."
    assert strip_reply(text) == text


def test_strip_reply_keeps_a_bottom_posted_answer():
    text = "On Mon, Jan 1, 2024 at 9:00 AM Jane <j@x.example> wrote:\n\n> old\n\nnew"
    assert strip_reply(text) == "new"


@pytest.mark.parametrize(
    "text",
    [
        "On " * 100_000,
        "a" * 1_000_000,
        "> " * 200_000,
        ("From: x\n" * 50_000),
        ("x wrote:\n" * 50_000),
        ("\n\n--\n" * 50_000),
        ("On " + "a b " * 74 + "\n") * 700,
    ],
    ids=[
        "on-repeated",
        "one-long-line",
        "quote-markers",
        "from-lines",
        "wrote-lines",
        "delims",
        "long-on-lines",
    ],
)
def test_strip_reply_is_fast_on_hostile_input(text):
    started = time.perf_counter()
    strip_reply(text)
    assert time.perf_counter() - started < 3.0


def test_html_to_text_drops_scripts_styles_and_quotes():
    html = (
        "<style>p{color:red}</style><script>alert(1)</script><p>Hello <b>Tom</b></p>"
        "<ul><li>one</li><li>two</li></ul><blockquote>old</blockquote>"
        '<div class="gmail_quote">older</div>'
    )
    text = html_to_text(html)

    assert text.startswith("Hello Tom")
    assert "* one" in text and "* two" in text
    for gone in ("alert", "color", "old"):
        assert gone not in text


def test_html_to_text_can_keep_quotes():
    assert "old" in html_to_text(
        "<p>x</p><blockquote>old</blockquote>", keep_quotes=True
    )


def test_html_to_text_of_empty_or_broken_markup():
    assert html_to_text("") == ""
    assert html_to_text("<<<>>><p") == "<<<>>>"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Could you please confirm the delivery date for order 4411?", "en"),
        ("Können Sie bitte den Liefertermin für die Bestellung bestätigen?", "de"),
        ("Pourriez-vous confirmer la date de livraison de la commande ?", "fr"),
        ("¿Podría confirmar la fecha de entrega del pedido 4411?", "es"),
        ("Подтвердите, пожалуйста, дату поставки по заказу.", "ru"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "ok", "Thanks!", "12345 67890 !!!"])
def test_detect_language_is_none_for_short_texts(text):
    assert detect_language(text) is None
