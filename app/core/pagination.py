"""Opaque cursor pagination over a stable (sort key, id) order."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from app.core.errors import BadRequest

__all__ = [
    "Page",
    "encode_cursor",
    "decode_cursor",
    "after_id",
    "id_page",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
]

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(position: list[Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """Decode a cursor made by `encode_cursor`; tampering gives a clear 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError as exc:
        raise BadRequest("The cursor is not valid; use next_cursor as given.") from exc
    if not isinstance(position, list):
        raise BadRequest("The cursor is not valid; use next_cursor as given.")
    return position


def after_id(cursor: str | None) -> int | None:
    """The last id of the previous page, from a cursor made by `id_page`."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return int(position[0])
    except (ValueError, IndexError, TypeError) as exc:
        raise BadRequest("The cursor is not valid; use next_cursor as given.") from exc


def id_page(rows: list[Any], limit: int, to_item: Any) -> Page[Any]:
    """A page from `limit + 1` rows fetched in id order; the extra one means more."""
    items = [to_item(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(
        items=items, next_cursor=encode_cursor([items[-1].id]) if more else None
    )
