"""Thread keys: which conversation an e-mail belongs to.

Precedence: the provider's thread id, then RFC 5322 References/In-Reply-To
(joined to the stored parent's conversation when it is known), then, as a last
resort, the subject without reply prefixes together with the two organisations,
within a time window. A message with none of these is a conversation of its own.
"""

from __future__ import annotations

import re
from datetime import timedelta

from app.ingestion.parsers.types import ParsedMessage

__all__ = [
    "normalise_subject",
    "subject_thread_base",
    "provider_thread_key",
    "SUBJECT_THREAD_WINDOW",
]

# "Re:", "RE :", "Fwd:", "FW:", "AW:", "WG:", "SV:", "Réf.:" and "[tag]" prefixes.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|ref|réf|antw|rif|odp|res|enc)\s*(?:\[\d+\])?\s*[:：]\s*|\[[^\]]{0,40}\]\s*)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
MAX_KEY_LENGTH = 500
# A subject-matched message joins a thread only if the thread was active within
# this time of it: "Re: Hi" to the same firm two years apart is two threads.
SUBJECT_THREAD_WINDOW = timedelta(days=21)


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


def subject_thread_base(message: ParsedMessage) -> str | None:
    """The last-resort thread key: subject and the pair of organisations.

    The pair is the sender's domain and the first recipient's, in sorted order,
    so a message and its reply (sender and recipient swapped) share it, two
    suppliers' "Re: invoice" threads stay apart, and the key does not depend on
    which domains the tenant calls its own. None for an empty subject: without
    one nothing says that two messages belong together.
    """
    subject = normalise_subject(message.subject)
    if not subject:
        return None
    ends = {message.sender.domain} if message.sender else set()
    if message.to:
        ends.add(message.to[0].domain)
    return f"s:{subject}|{'+'.join(sorted(ends))}"[: MAX_KEY_LENGTH - 40]
