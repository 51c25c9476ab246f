"""Thread keys: which conversation an e-mail belongs to.

Precedence: the provider's thread id, then RFC 5322 References/In-Reply-To
(joined to the stored parent's conversation when it is known), then the subject
without reply prefixes together with the outside organisation, as a last resort.
"""

from __future__ import annotations

import re

from app.ingestion.parsers.types import ParsedMessage
from app.relationships.parties import domain_matches

__all__ = ["normalise_subject", "fallback_thread_key", "provider_thread_key"]

# "Re:", "RE :", "Fwd:", "FW:", "AW:", "WG:", "SV:", "Réf.:" and "[tag]" prefixes.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|ref|réf|antw|rif|odp|res|enc)\s*(?:\[\d+\])?\s*[:：]\s*|\[[^\]]{0,40}\]\s*)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
MAX_KEY_LENGTH = 500


def normalise_subject(subject: str) -> str:
    """Lower-case subject with every reply/forward prefix removed."""
    text = subject or ""
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return _SPACES.sub(" ", text).strip().lower()


def provider_thread_key(message: ParsedMessage) -> str | None:
    if message.provider_thread_id:
        return f"p:{message.source_format}:{message.provider_thread_id}"[
            :MAX_KEY_LENGTH
        ]
    return None


def fallback_thread_key(message: ParsedMessage, buyer_domains: list[str]) -> str:
    """Subject plus the first outside organisation, so that two suppliers'
    "Re: invoice" threads stay apart."""
    domains = sorted(
        {
            a.domain
            for a in _everyone(message)
            if not domain_matches(a.domain, buyer_domains)
        }
    )
    counterpart = domains[0] if domains else "internal"
    subject = normalise_subject(message.subject) or "(no subject)"
    return f"s:{subject}|{counterpart}"[:MAX_KEY_LENGTH]


def _everyone(message: ParsedMessage):
    if message.sender is not None:
        yield message.sender
    yield from message.to
    yield from message.cc
