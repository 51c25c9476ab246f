"""Does a message ask the other side for something? A rule baseline.

Responsiveness only counts a message as owed an answer when it asks for one: an
FYI, a forward or a "thanks" that goes unanswered is not a failure to respond.
Until the request classifier exists, these rules decide: a question mark, or an
imperative or polite-request phrase, in the text the author wrote.
"""

from __future__ import annotations

import re

__all__ = ["expects_reply"]

# Phrases that ask for an action or an answer in business mail. Word-bounded,
# without nested quantifiers, so matching stays linear.
_REQUEST = re.compile(
    r"\b(?:please|pls|kindly|could you|can you|would you|will you|"
    r"let me know|let us know|get back to me|advise|confirm|"
    r"send (?:me|us)|call me|need (?:you|your)|waiting for|"
    r"do you|are you|is there|when will|what is|how do)\b",
    re.IGNORECASE,
)
MAX_CHARS = 4000  # the ask is near the top; long tails are quoted or legal text


def expects_reply(text: str) -> bool:
    """True when the text asks a question or for an action.

    >>> expects_reply("Could you send the revised quote?")
    True
    >>> expects_reply("FYI, see below.")
    False
    """
    head = text[:MAX_CHARS]
    return "?" in head or _REQUEST.search(head) is not None
