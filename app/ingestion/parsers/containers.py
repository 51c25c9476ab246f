"""Find the messages in a path: .eml files, directory trees, mbox, Maildir, JSON.

Every item comes out as a ParseOutcome, in sorted path order; a file that cannot
be read is quarantined with its reason and the walk goes on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import structlog

from app.core.config import get_settings
from app.ingestion.parsers.provider_json import parse_provider_object
from app.ingestion.parsers.rfc822 import parse_rfc822
from app.ingestion.parsers.types import ParseOutcome, Quarantined

__all__ = ["iter_source", "count_items"]

logger = structlog.get_logger(__name__)

_RFC822_SUFFIXES = {".eml", ""}
_MBOX_SUFFIXES = {".mbox", ".mbx"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# 'From jane@x.com  Wed Sep 22 05:05:28 2004' (pipermail writes 'jane at x.com').
_FROM_LINE = re.compile(rb"From \S.{0,200}?\d{1,2}:\d{2}")


def iter_source(path: Path) -> Iterator[ParseOutcome]:
    """Yield every message found at `path`, never raising for bad content.

    Example:
        >>> [type(o).__name__ for o in iter_source(Path("inbox.mbox"))]
        ['ParsedMessage', 'Quarantined']
    """
    path = Path(path)
    logger.info(
        "source read started", kind="directory" if path.is_dir() else _kind_of(path)
    )
    counts = {"parsed": 0, "quarantined": 0}
    for outcome in _iter_path(path):
        counts["quarantined" if isinstance(outcome, Quarantined) else "parsed"] += 1
        yield outcome
    logger.info("source read finished", **counts)


def count_items(path: Path) -> int:
    """A cheap estimate of how many items `iter_source` will yield."""
    path = Path(path)
    if path.is_dir():
        return sum(1 for _ in _walk(path))
    kind = _kind_of(path)
    try:
        if kind == "mbox":
            return max(1, sum(1 for _ in _mbox_starts(path)))
        if kind == "jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
    except OSError:
        return 1
    return 1


def _iter_path(path: Path) -> Iterator[ParseOutcome]:
    if not path.exists():
        yield Quarantined("unknown", str(path), "path does not exist")
    elif path.is_dir():
        for file, kind in _walk(path):
            yield from _iter_file(file, kind)
    else:
        yield from _iter_file(path, _kind_of(path) or _sniff(path))


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """(file, kind) for every file under `root`, in sorted order."""
    if _is_maildir(root):
        for sub in ("cur", "new"):  # tmp/ holds deliveries still being written
            for file in sorted((root / sub).iterdir()):
                if file.is_file() and not file.name.startswith("."):
                    yield file, "maildir"
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        logger.warning("directory unreadable, skipped")
        return
    for entry in entries:
        entry_path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if _is_maildir(root) and entry.name in ("cur", "new", "tmp"):
                continue
            if not entry.name.startswith(".") or _is_maildir(entry_path):
                yield from _walk(entry_path)
        elif entry.is_file() and not entry.name.startswith("."):
            # Every file is accounted for: one with an unknown extension is
            # read by its content, and quarantined with a reason if not mail.
            yield entry_path, _kind_of(entry_path) or _sniff(entry_path)


def _iter_file(path: Path, kind: str) -> Iterator[ParseOutcome]:
    try:
        if kind == "mbox":
            yield from _iter_mbox(path)
        elif kind in ("json", "jsonl"):
            yield from _iter_json(path, kind)
        else:
            yield _parse_file(path, kind)
    except OSError as exc:
        yield Quarantined(kind, str(path), f"unreadable file: {exc.strerror or exc}")


def _parse_file(path: Path, kind: str) -> ParseOutcome:
    cap = get_settings().max_message_bytes
    size = path.stat().st_size
    if size > cap:
        return Quarantined(
            kind, str(path), f"message too large: {size} bytes, cap {cap}"
        )
    return parse_rfc822(path.read_bytes(), kind, str(path))


# TODO: a body line 'From x ... 12:00' right after a blank line still splits
# a message (mboxo cannot tell); '>From ' lines are not unescaped here
# (strip_reply reads them as 'From ').
def _iter_mbox(path: Path) -> Iterator[ParseOutcome]:
    """Split an mbox on 'From ' lines that follow a blank line and carry a time."""
    cap = get_settings().max_message_bytes
    chunk: list[bytes] = []
    size, number, too_big = 0, 0, False
    for line, starts in _mbox_lines(path):
        if starts:
            if number:
                yield _mbox_item(path, number, chunk, too_big)
            chunk, size, number, too_big = [], 0, number + 1, False
            continue
        size += len(line)
        if size > cap:
            too_big, chunk = True, []
        elif not too_big:
            chunk.append(line)
    if number:
        yield _mbox_item(path, number, chunk, too_big)
    else:
        yield Quarantined("mbox", str(path), "not an mbox: no 'From ' separator line")


def _mbox_item(
    path: Path, number: int, chunk: list[bytes], too_big: bool
) -> ParseOutcome:
    ref = f"{path}#{number}"
    if too_big:
        cap = get_settings().max_message_bytes
        return Quarantined("mbox", ref, f"message too large: over the {cap} byte cap")
    return parse_rfc822(b"".join(chunk).rstrip(b"\r\n") + b"\n", "mbox", ref)


def _mbox_lines(path: Path) -> Iterator[tuple[bytes, bool]]:
    """Each line with a flag saying whether it starts a new message."""
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            starts = (
                previous_blank
                and line.startswith(b"From ")
                and bool(_FROM_LINE.match(line))
            )
            previous_blank = not line.strip()
            yield line, starts


def _mbox_starts(path: Path) -> Iterator[None]:
    for _, starts in _mbox_lines(path):
        if starts:
            yield None


# TODO: a JSON file is loaded whole (capped at max_request_bytes); very large
# exports should be given as .jsonl, which is read one line at a time.
def _iter_json(path: Path, kind: str) -> Iterator[ParseOutcome]:
    """A Graph/Gmail object, a list of them, a Graph page, or one per line."""
    if kind == "jsonl":
        with path.open("rb") as handle:
            yield from _iter_json_lines(path, handle)
        return
    cap = get_settings().max_request_bytes
    if path.stat().st_size > cap:
        yield Quarantined(kind, str(path), f"JSON file too large: cap {cap} bytes")
        return
    data_bytes = path.read_bytes()
    try:
        data = json.loads(data_bytes)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        if getattr(exc, "msg", "") == "Extra data":  # several objects, one a line
            yield from _iter_json_lines(path, data_bytes.splitlines())
        else:
            yield Quarantined("json", str(path), f"invalid JSON: {_json_error(exc)}")
        return

    if isinstance(data, dict) and isinstance(data.get("value"), list):
        data = data["value"]
    if not isinstance(data, list):
        yield parse_provider_object(data, str(path))
        return
    for number, obj in enumerate(data, start=1):
        yield parse_provider_object(obj, f"{path}#{number}")


def _iter_json_lines(path: Path, lines: Iterable[bytes]) -> Iterator[ParseOutcome]:
    cap = get_settings().max_message_bytes
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ref = f"{path}#{number}"
        if len(line) > cap:
            yield Quarantined("json", ref, f"JSON line too large: cap {cap} bytes")
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Quarantined("json", ref, f"invalid JSON line: {_json_error(exc)}")
            continue
        yield parse_provider_object(obj, ref)


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    return "not UTF-8 text"


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _kind_of(path: Path) -> str | None:
    """The kind a file's name implies; None for names that are not mail."""
    suffix = path.suffix.lower()
    if suffix in _RFC822_SUFFIXES:
        return "eml"
    if suffix in _MBOX_SUFFIXES:
        return "mbox"
    if suffix in _JSON_SUFFIXES:
        return "json"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    return None


def _sniff(path: Path) -> str:
    """Guess the kind of a file given explicitly, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip()
    except OSError:
        return "eml"
    if head.startswith(b"From ") and _FROM_LINE.match(head):
        return "mbox"
    if head[:1] in (b"{", b"["):
        return "json"
    return "eml"
