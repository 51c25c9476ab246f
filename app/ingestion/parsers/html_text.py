"""HTML bodies to plain text that keeps lists and tables readable.

selectolax (lexbor) removes what must never be read (scripts, styles) and,
unless asked to keep them, the quoted history (blockquotes, Gmail quotes);
inscriptis then lays the rest out as text.
"""

from __future__ import annotations

import quotequail
import structlog
from inscriptis import get_text
from inscriptis.model.config import ParserConfig
from selectolax.lexbor import LexborHTMLParser

__all__ = ["html_to_text", "html_new_part"]

logger = structlog.get_logger(__name__)

_MAX_HTML_CHARS = 2_000_000
_ALWAYS_DROP = "script, style, head, title, noscript, template, svg"
_QUOTES = "blockquote, .gmail_quote, .gmail_extra, #divRplyFwdMsg, #appendonsend"
_INSCRIPTIS_CONFIG = ParserConfig(display_links=False, display_images=False)
_QUOTEQUAIL_LINE_LIMIT = 400


def html_to_text(html: str, *, keep_quotes: bool = False) -> str:
    """Render an HTML body as text, without quoted history by default.

    Example:
        >>> html_to_text("<p>Hi</p><blockquote>old</blockquote>")
        'Hi'
    """
    if not html or not html.strip():
        return ""
    tree = LexborHTMLParser(html[:_MAX_HTML_CHARS])
    selector = _ALWAYS_DROP if keep_quotes else f"{_ALWAYS_DROP}, {_QUOTES}"
    for node in tree.css(selector):
        node.decompose()

    cleaned = tree.html or ""
    try:
        text = get_text(cleaned, _INSCRIPTIS_CONFIG)
    except Exception:  # inscriptis/lxml reject some byte soup; fall back
        logger.warning("inscriptis failed, using plain node text")
        text = tree.body.text(separator="\n") if tree.body else ""
    return _tidy(text)


def html_new_part(html: str) -> str:
    """The HTML before the first quoted block that quotequail recognises.

    Covers Outlook and Apple forwards/replies that quote without a blockquote.
    """
    try:
        chunks = quotequail.quote_html(html, limit=_QUOTEQUAIL_LINE_LIMIT)
    except Exception:  # quotequail walks lxml trees; odd markup can break it
        return html
    kept = []
    for quoted, chunk in chunks:
        if quoted:
            break
        kept.append(chunk)
    return "".join(kept) if kept else html


def _tidy(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\xa0", " ").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
