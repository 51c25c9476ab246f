"""Jira comment bodies to plain text: Atlassian Document Format and wiki markup.

Jira Cloud's API v3 returns bodies as ADF (a JSON tree); v2 and Jira Server return
wiki markup. Both become plain text with list items on their own lines and tables
as ``a | b`` rows. Quoted blocks (ADF ``blockquote``, wiki ``{quote}`` and ``bq.``)
are dropped, like quoted history in e-mail: they repeat what someone said earlier.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["adf_to_text", "wiki_to_text"]

_MAX_DEPTH = 64  # real ADF nests a handful of levels; deeper is hostile input
_BLOCKS_JOINED_BY_NEWLINE = {"doc", "listItem", "tableCell", "panel", "expand"}
_DROPPED = {"blockquote", "media", "mediaSingle", "mediaGroup", "rule"}
_INLINE_ATTR_TEXT = {"mention", "emoji", "status"}


def adf_to_text(node: Any) -> str:
    """Render an ADF document (or any ADF node) as plain text.

    Example:
        >>> adf_to_text({"type": "doc", "content": [{"type": "paragraph",
        ...     "content": [{"type": "text", "text": "Hi"}]}]})
        'Hi'
    """
    lines = _render(node, 0).splitlines()
    return "\n".join(line.rstrip() for line in lines).strip()


def _render(node: Any, depth: int) -> str:
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return ""
    kind = node.get("type")
    attrs: dict[str, Any] = node["attrs"] if isinstance(node.get("attrs"), dict) else {}
    if kind == "text":
        return str(node.get("text") or "")
    if kind == "hardBreak":
        return "\n"
    if kind in _INLINE_ATTR_TEXT:
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard"):
        return str(attrs.get("url") or "")
    if kind in _DROPPED:
        return ""
    return _render_container(kind, node.get("content"), depth)


def _render_container(kind: Any, content: Any, depth: int) -> str:
    children = content if isinstance(content, list) else []
    parts = [_render(child, depth + 1) for child in children]
    if kind in ("bulletList", "orderedList"):
        marker = (lambda i: f"{i}. ") if kind == "orderedList" else (lambda i: "- ")
        return "\n".join(marker(i) + p for i, p in enumerate(parts, 1) if p) + "\n"
    if kind == "tableRow":
        return " | ".join(p.strip() for p in parts) + "\n"
    if kind in _BLOCKS_JOINED_BY_NEWLINE or kind == "table":
        return "\n".join(p.rstrip("\n") for p in parts if p)
    if kind in ("paragraph", "heading", "codeBlock"):
        return "".join(parts) + "\n"
    return "".join(parts)  # unknown nodes: keep whatever text they hold


_CODE = re.compile(r"\{(code|noformat)(?::[^}]*)?\}(.*?)\{\1\}", re.S)
_QUOTE = re.compile(r"\{quote\}.*?\{quote\}", re.S)
_BQ_LINE = re.compile(r"^bq\.\s.*$", re.M)
_TAGS = re.compile(r"\{(color|panel|anchor)(?::[^}]*)?\}")
_HEADING = re.compile(r"^h[1-6]\.\s*", re.M)
_LIST = re.compile(r"^[ \t]*[*#-]+[ \t]+", re.M)
_TABLE = re.compile(r"\|\|?")
_MENTION = re.compile(r"\[~(?:accountid:)?([^\]]+)\]")
_LINK = re.compile(r"\[([^|\]\n]*)\|([^\]\n]+)\]")
_BARE_LINK = re.compile(r"\[((?:https?|mailto):[^\]\s]+)\]")
_IMAGE = re.compile(r"!\S[^!\n]*?\.(?:png|jpe?g|gif|svg|webp)(?:\|[^!\n]*)?!", re.I)
_EMPHASIS = re.compile(r"(?<![\w{])([*_+\-^~?]{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w}])")
_MONO = re.compile(r"\{\{(.+?)\}\}")
_RULE = re.compile(r"^-{4,}\s*$", re.M)


def wiki_to_text(markup: str) -> str:
    """Strip basic Jira wiki markup, keeping the words.

    Example:
        >>> wiki_to_text("h2. Title\\n* *bold* item [docs|https://x.org]")
        'Title\\n- bold item docs'
    """
    out = _QUOTE.sub("", markup)
    out = _BQ_LINE.sub("", out)
    out = _CODE.sub(lambda m: m.group(2).strip("\n"), out)
    out = _TAGS.sub("", out)
    out = _HEADING.sub("", out)
    out = _LIST.sub("- ", out)
    out = _MENTION.sub(r"@\1", out)
    out = _LINK.sub(lambda m: m.group(1) or m.group(2), out)
    out = _BARE_LINK.sub(r"\1", out)
    out = _IMAGE.sub("", out)
    out = _RULE.sub("", out)
    out = _MONO.sub(r"\1", out)
    out = _EMPHASIS.sub(r"\2", out)
    out = out.replace("\\\\", "\n")
    return _tidy_table_rows(out)


def _tidy_table_rows(text: str) -> str:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in _TABLE.split(stripped) if c.strip()]
            stripped = " | ".join(cells)
        lines.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
