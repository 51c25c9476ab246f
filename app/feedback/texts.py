"""The exact text a feedback row labels, and the hash that pins it.

Sentences come from `training.data.labels.split_sentences`, the splitter the
labelling tool and training already share, so a feedback `sentence_index`
means what a hand-label pointer's does.
"""

from __future__ import annotations

from training.data.labels import sentence_sha256, split_sentences

__all__ = ["labelled_text", "sentence_count", "text_sha256"]


def labelled_text(new_text: str, sentence_index: int | None) -> str | None:
    """The message's own text, or its sentence at `sentence_index`.

    Returns:
        The text, or None when the message has no such sentence.
    """
    if sentence_index is None:
        return new_text
    sentences = split_sentences(new_text)
    if 0 <= sentence_index < len(sentences):
        return sentences[sentence_index]
    return None


def sentence_count(new_text: str) -> int:
    return len(split_sentences(new_text))


def text_sha256(text: str) -> str:
    """Hex sha256 of the UTF-8 text, as label pointers hash their sentences."""
    return sentence_sha256(text)
