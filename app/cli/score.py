"""`suppeq score FILE.jsonl`: every signal for each text, as JSON lines."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from app.cli.context import err_console, fail
from app.core.config import get_settings
from app.core.logging import configure_logging
from app.signals.service import SignalScorer
from app.signals.text_scoring import TextItem, score_texts

__all__ = ["score"]

CHUNK = 64  # texts per scoring call: bounded memory on long files


def score(
    path: Annotated[
        Path,
        typer.Argument(
            help='JSON lines: {"id": ..., "text": ..., "reference_time": optional}'
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")
    ] = None,
) -> None:
    """Score texts without storing them; one JSON result per input line.

    A line that cannot be read is reported on stderr with its number and
    reason and skipped; the others are scored. The exit status is then 1.
    """
    if not path.is_file():
        fail(f"{path} is not a file")
    items, problems = _read(path)
    for problem in problems:
        err_console.print(
            f"[red]skipped:[/red] {problem}", highlight=False, soft_wrap=True
        )
    settings = get_settings()
    # Logs go to stderr and only when they matter: stdout is the JSON lines.
    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
    with err_console.status("loading models"):
        scorer = SignalScorer.load(settings)
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            for result in score_texts(chunk, scorer.embedder, scorer.suite):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if output:
            sink.close()
    err_console.print(f"scored {len(items)} texts; {len(problems)} lines skipped")
    if problems:
        raise typer.Exit(1)


def _read(path: Path) -> tuple[list[TextItem], list[str]]:
    """Each readable line's item, and a one-line reason per unreadable line."""
    items, problems = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                items.append(_item(line))
            except ValueError as exc:
                problems.append(f"{path}:{number}: {exc}")
    return items, problems


def _item(line: str) -> TextItem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc})") from exc
    if not isinstance(record, dict) or "id" not in record:
        raise ValueError('needs a JSON object with an "id" (and a "text")')
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f'"text" must be a string, not {type(text).__name__}')
    return TextItem(record["id"], text or "", _reference_time(record))


def _reference_time(record: dict) -> datetime | None:
    value = record.get("reference_time")
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(
            f"reference_time {value!r} needs ISO 8601 with an offset, like "
            "2026-12-01T09:30:00-05:00 or 2026-12-01T14:30:00Z"
        )
    return moment
