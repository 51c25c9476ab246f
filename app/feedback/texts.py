"""The exact text a feedback row labels, and the hash that pins it.

Sentence k of a message is sentence k of its stored reading: the `sentences`
of the message's `language` and head rows in `GET /v1/messages/{id}`, and of
`POST /v1/score` for the same text (spaCy's rule sentencizer through
`app.signals.language.sentences`, every non-blank sentence). So a reviewer
labels the sentence they were shown.
"""

from __future__ import annotations

from app.signals.language import sentences
from training.data.labels import sentence_sha256

__all__ = ["labelled_text", "sentence_count", "sentence_texts", "text_sha256"]


def sentence_texts(new_text: str) -> list[str]:
    """The message's sentences, stripped, in order; blank ones left out."""
    return [s.text.strip() for s in sentences(new_text) if s.text.strip()]


def labelled_text(new_text: str, sentence_index: int | None) -> str | None:
    """The message's own text, or its sentence at `sentence_index`.

    Returns:
        The text, or None when the message has no such sentence.
    """
    if sentence_index is None:
        return new_text
    found = sentence_texts(new_text)
    if 0 <= sentence_index < len(found):
        return found[sentence_index]
    return None


def sentence_count(new_text: str) -> int:
    return len(sentence_texts(new_text))


def text_sha256(text: str) -> str:
    """Hex sha256 of the UTF-8 text, as label pointers hash their sentences."""
    return sentence_sha256(text)
