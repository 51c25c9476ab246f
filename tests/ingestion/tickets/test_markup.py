"""Jira wiki markup and Atlassian Document Format to plain text."""

from __future__ import annotations

from app.ingestion.tickets.markup import adf_to_text, wiki_to_text
from app.ingestion.tickets.status import normalise_status


def paragraph(*texts: str) -> dict:
    return {
        "type": "paragraph",
        "content": [{"type": "text", "text": t} for t in texts],
    }


def test_wiki_markup_keeps_words_and_drops_decoration():
    markup = (
        "h1. Title\n*bold* _it_ -gone- +under+ {{mono}} {color:red}red{color}\n"
        "# one\n## two\n[docs|https://x.org] [https://y.org] [~jdoe]\n"
        "||a||b||\n|1|2|\n!shot.png|thumbnail!\n----\nend\\\\next"
    )

    assert wiki_to_text(markup) == (
        "Title\nbold it gone under mono red\n- one\n- two\n"
        "docs https://y.org @jdoe\na | b\n1 | 2\n\nend\nnext"
    )


def test_wiki_quotes_are_dropped_and_code_kept_verbatim():
    markup = "{quote}old{quote}\nbq. older\n{code:python}x = a*b*c{code}"

    assert wiki_to_text(markup) == "x = a*b*c"


def test_adf_lists_tables_and_inline_nodes_render_as_lines():
    doc = {
        "type": "doc",
        "content": [
            {"type": "heading", "content": [{"type": "text", "text": "Plan"}]},
            {"type": "orderedList", "content": [
                {"type": "listItem", "content": [paragraph("first")]},
                {"type": "listItem", "content": [paragraph("second")]},
            ]},
            {"type": "paragraph", "content": [
                {"type": "status", "attrs": {"text": "DONE"}},
                {"type": "inlineCard", "attrs": {"url": " https://z.org"}},
            ]},
            {"type": "rule"},
            {"type": "mediaSingle", "content": [{"type": "media"}]},
        ],
    }  # fmt: skip

    assert adf_to_text(doc) == "Plan\n1. first\n2. second\nDONE https://z.org"


def test_adf_hostile_nesting_and_junk_do_not_raise():
    deep: dict = {"type": "text", "text": "bottom"}
    for _ in range(500):
        deep = {"type": "paragraph", "content": [deep]}

    assert adf_to_text(deep) == ""
    assert adf_to_text({"type": "doc", "content": "not a list"}) == ""
    assert adf_to_text(["x"]) == ""


def test_statuses_normalise_to_the_six_states():
    cases = {
        "UNCONFIRMED": "new",
        "In Progress": "open",
        "REOPENED": "open",
        "Waiting for customer": "pending",
        "Waiting on Third Party": "on_hold",
        "RESOLVED": "solved",
        "Done": "solved",
        "VERIFIED": "closed",
        "Canceled": "closed",
        "Something custom": "open",
        None: "open",
    }

    assert {raw: normalise_status(raw) for raw in cases} == cases
