"""E-mail parsers: files, mailboxes and provider JSON to normalised messages.

Pure functions, no database. Every input item becomes a `ParsedMessage` or a
`Quarantined` record with a one-line reason; nothing here raises for bad content.
"""

from app.ingestion.parsers.containers import count_items, iter_source
from app.ingestion.parsers.html_text import html_to_text
from app.ingestion.parsers.language import detect_language
from app.ingestion.parsers.provider_json import parse_gmail_message, parse_graph_message
from app.ingestion.parsers.reply import strip_reply
from app.ingestion.parsers.rfc822 import parse_rfc822
from app.ingestion.parsers.types import (
    Address,
    ParsedMessage,
    ParseOutcome,
    Quarantined,
)

__all__ = [
    "Address",
    "ParsedMessage",
    "ParseOutcome",
    "Quarantined",
    "count_items",
    "detect_language",
    "html_to_text",
    "iter_source",
    "parse_gmail_message",
    "parse_graph_message",
    "parse_rfc822",
    "strip_reply",
]
