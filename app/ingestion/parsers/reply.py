"""The text an author wrote in a message: quoted history, signatures, disclaimers cut.

The body is scanned line by line for the first mark of quoted history
(Outlook and Lotus Notes headers, "On ... wrote:" in many languages,
forwards), then mail-parser-reply's header patterns look at what is left,
then trailing quotes, signatures and disclaimers are cut. Every step is linear
in the length of the text.
"""

from __future__ import annotations

import functools
import re

from mailparser_reply.parser import EmailMessage

from app.ingestion.parsers import reply_markers as m

__all__ = ["strip_reply"]

MAX_REPLY_CHARS = 200_000
_MAX_MARKER_LINE = 300  # a longer line is prose, never a header
_HEADER_LOOKAHEAD = 8
_WROTE_LOOKBACK = 3
_SIGNATURE_MAX_LINES = 15
_MAX_BOTTOM_POSTS = 3
_MPR_MAX_LINE = 160
_MPR_MAX_PROBE = 50_000
_MPR_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "sv", "da", "cs"]
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def strip_reply(text: str) -> str:
    """Return only what the author of this message wrote.

    Example:
        >>> strip_reply("Fine by me.\\n\\n-----Original Message-----\\nFrom: a")
        'Fine by me.'
    """
    lines = _normalise(text or "")
    if all(_is_quoted(line) or not line.strip() for line in lines):
        return _strip_all_quoted(lines)
    return "\n".join(_strip_lines(lines)).strip()


def _strip_lines(lines: list[str]) -> list[str]:
    """Cut history, then trailing quotes, signature and disclaimer."""
    lines = _cut_history(lines)
    lines = _cut_mpr_header(lines)
    lines = _drop_trailing_quotes(lines)
    lines = _cut_signature(lines)
    return _cut_disclaimer(lines)


def _normalise(text: str) -> list[str]:
    """Unify line ends and spaces, undo mbox '>From ' escaping, cap the length."""
    text = text[:MAX_REPLY_CHARS].translate(_INVISIBLE).replace("\xa0", " ")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line[1:] if line.startswith(">From ") else line.rstrip() for line in lines]


def _strip_all_quoted(lines: list[str]) -> str:
    """A body that is all quote: keep it unless it is only quoted history."""
    unquoted = [re.sub(r"^\s*> ?", "", line) for line in lines]
    inner = "\n".join(_strip_lines(unquoted)).strip()
    original = "\n".join(lines).strip()
    return original if inner == "\n".join(unquoted).strip() else inner


# TODO: a forward with no comment of its own yields '' (the sender wrote
# nothing); callers that want the forwarded text must read body_text.
def _cut_history(lines: list[str], depth: int = 0) -> list[str]:
    """Keep the lines before the first mark of quoted or forwarded history."""
    if depth > _MAX_BOTTOM_POSTS:
        return []
    for index, line in enumerate(lines):
        start = _history_start(lines, index, line.strip())
        if start is None:
            continue
        kept = lines[:start]
        if not _has_text(kept) and m.WROTE_END.search(line):
            return _bottom_posted(lines, index + 1, depth)
        return kept
    return lines


def _history_start(lines: list[str], index: int, line: str) -> int | None:
    """Where the history starts if `line` marks it, else None."""
    if not line or len(line) > _MAX_MARKER_LINE or _is_quoted(line):
        return None
    if m.ORIGINAL_MESSAGE.match(line) or m.FORWARDED.match(line):
        return _back_over_separator(lines, index)
    if m.LOTUS_ON_DATE.search(line):
        return index
    if m.FROM_KEY.match(line) and _header_follows(lines, index, m.OTHER_KEY):
        return _back_over_separator(lines, index)
    if m.TO_KEY.match(line) and _header_follows(lines, index, m.CC_KEY):
        return _back_over_sender(lines, index)
    if m.WROTE_END.search(line) and _looks_like_wrote(lines, index, line):
        return _back_over_wrote(lines, index)
    if _is_wrapped_header(lines, index, line):
        return _back_over_wrote(lines, index)
    return None


def _is_wrapped_header(lines: list[str], index: int, line: str) -> bool:
    """A Gmail date header or a "wrote" line whose ':' ends the next line."""
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    ends_next = len(following) < 80 and following.endswith(":")
    if m.GMAIL_DATE.match(line):
        return "@" in line or " GMT" in line or line.endswith(":") or ends_next
    if line.endswith(":") and "@" in line and m.WROTE_VERB.search(line):
        return True
    return bool(m.WROTE_WORD.search(line)) and ends_next


def _header_follows(lines: list[str], index: int, pattern: re.Pattern[str]) -> bool:
    """Whether another header key line comes within the next few lines."""
    for line in lines[index + 1 : index + 1 + _HEADER_LOOKAHEAD]:
        if pattern.match(line.strip()[:_MAX_MARKER_LINE]):
            return True
    return False


def _looks_like_wrote(lines: list[str], index: int, line: str) -> bool:
    """A "... wrote:" line that introduces a quote rather than prose."""
    if len(line) < 120 and (m.WROTE_INTRO.match(line) or "@" in line):
        return True
    following = next((x for x in lines[index + 1 :] if x.strip()), "")
    return _is_quoted(following) or len(line) < 12


def _back_over_wrote(lines: list[str], index: int) -> int:
    """Include the wrapped lines of a "On <date>, <name>\\n<addr> wrote:" header."""
    start = index
    for back in range(index - 1, max(index - 1 - _WROTE_LOOKBACK, -1), -1):
        line = lines[back].strip()
        if not line or not m.WROTE_INTRO.search(line) or len(line) > 120:
            break
        start = back
    return start


def _back_over_separator(lines: list[str], index: int) -> int:
    """Include a rule line (____ or ----) just above a quoted header."""
    for back in range(index - 1, max(index - 3, -1), -1):
        line = lines[back].strip()
        if m.SEPARATOR.match(line):
            return back
        if line:
            break
    return index


def _back_over_sender(lines: list[str], index: int) -> int:
    """Include a Lotus sender/date line just above a 'To:/cc:' block."""
    for back in range(index - 1, max(index - 4, -1), -1):
        line = lines[back].strip()
        if line and ("@" in line or re.search(r"\d{1,2}:\d{2}", line)):
            return back
    return index


def _bottom_posted(lines: list[str], after: int, depth: int) -> list[str]:
    """The text after a leading "wrote:" header and its quoted block."""
    rest = lines[after:]
    skip = 0
    while skip < len(rest) and (_is_quoted(rest[skip]) or not rest[skip].strip()):
        skip += 1
    tail = rest[skip:]
    return _cut_history(tail, depth + 1) if tail else []


def _cut_mpr_header(lines: list[str]) -> list[str]:
    """Cut at the first reply header that mail-parser-reply recognises."""
    # mail-parser-reply's "On ... wrote:" pattern is quadratic in line length:
    # short lines and a bounded probe keep it cheap.
    probe = "\n".join(line[:_MPR_MAX_LINE] for line in lines)[:_MPR_MAX_PROBE]
    match = _mpr_header_regex().search(probe)
    if not match:
        return lines
    index = probe.count("\n", 0, match.start())
    if match.group(0).startswith("\n"):
        index += 1
    kept = lines[:index]
    return kept if _has_text(kept) else lines


@functools.cache
def _mpr_header_regex() -> re.Pattern[str]:
    """mail-parser-reply's compiled header pattern for our languages."""
    return EmailMessage(text="", languages=list(_MPR_LANGUAGES)).HEADER_REGEX


# TODO: only '>' marks a quoted line; '|'-quoted blocks (some webmail) and
# inline answers interleaved with quotes are kept as new text.
def _drop_trailing_quotes(lines: list[str]) -> list[str]:
    """Remove quoted lines (and blanks) at the end of the text."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or _is_quoted(lines[end - 1])):
        end -= 1
    return lines[:end] if end else lines


def _cut_signature(lines: list[str]) -> list[str]:
    """Cut at a '-- ' delimiter, a mobile signature or a closing rule line."""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line or len(line) > 120 or index == 0:
            continue
        if m.SIGNATURE_DASHES.match(raw) or m.MOBILE_SIGNATURE.match(line):
            return lines[:index]
        if not lines[index - 1].strip() and m.DELIMITER.match(line):
            tail = sum(1 for x in lines[index + 1 :] if x.strip())
            if tail <= _SIGNATURE_MAX_LINES:  # a longer tail is a section rule
                return lines[:index]
    return lines


def _cut_disclaimer(lines: list[str]) -> list[str]:
    """Cut a legal disclaimer paragraph and what follows it."""
    for index in range(1, len(lines)):
        line = lines[index].strip()
        if line and not lines[index - 1].strip() and m.DISCLAIMER.match(line):
            kept = lines[:index]
            if _has_text(kept):
                return kept
    return lines


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)
