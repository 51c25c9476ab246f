"""Tell a vendor's ticket JSON from another's, and split pages into tickets.

Detection looks at keys only a given vendor writes; it never reads text. A page
(``{"bugs": [...]}``, ``{"issues": [...]}``, ``{"tickets": [...]}``, a ServiceNow
``{"result": [...]}`` or a plain list) is split into one object per ticket.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMATS", "detect_format", "split_tickets"]

FORMATS = ("zendesk", "jira", "servicenow", "freshdesk", "bugzilla", "generic")
_PAGE_KEYS = ("bugs", "issues", "tickets")
_SERVICENOW_KEYS = {"sys_id", "opened_at", "sys_journal_field", "incident"}
_FRESHDESK_KEYS = {"conversations", "description_text", "fr_due_by", "fr_escalated"}
_ZENDESK_KEYS = {"audits", "via", "submitter_id", "raw_subject", "satisfaction_rating"}


def detect_format(obj: Any) -> str | None:
    """The vendor format of a parsed JSON value, or None when unknown.

    Example:
        >>> detect_format({"key": "SUP-1", "fields": {"summary": "x"}})
        'jira'
    """
    if isinstance(obj, list):
        first = next((item for item in obj if isinstance(item, dict)), None)
        return detect_format(first)
    if not isinstance(obj, dict):
        return None
    for key in _PAGE_KEYS:
        if isinstance(obj.get(key), list) and obj[key]:
            return detect_format(obj[key][0])
    if isinstance(obj.get("result"), dict | list):
        return "servicenow" if _is_servicenow(obj["result"]) else None
    return _detect_ticket(obj)


def split_tickets(obj: Any) -> list[Any]:
    """One object per ticket; shared sideloads travel with each ticket."""
    if isinstance(obj, list):
        return [unit for item in obj for unit in split_tickets(item)]
    if not isinstance(obj, dict):
        return [obj]
    for key in _PAGE_KEYS:
        if isinstance(obj.get(key), list) and not _has_thread(obj):
            return [unit for item in obj[key] for unit in split_tickets(item)]
    result = obj.get("result")
    if isinstance(result, list):
        extras = {k: v for k, v in obj.items() if k != "result"}
        return [{"incident": incident, **extras} for incident in result]
    return [obj]


def _detect_ticket(obj: dict[str, Any]) -> str | None:
    inner: dict[str, Any] = (
        obj["ticket"] if isinstance(obj.get("ticket"), dict) else obj
    )
    keys = set(obj) | set(inner)
    if "creator" in keys and "creation_time" in keys:
        return "bugzilla"
    if isinstance(obj.get("fields"), dict):
        return "jira"
    if keys & _SERVICENOW_KEYS:
        return "servicenow"
    if keys & _FRESHDESK_KEYS or isinstance(inner.get("status"), int):
        return "freshdesk"
    if keys & _ZENDESK_KEYS or ("comments" in keys and "users" in keys):
        return "zendesk"
    if "ticket" in obj and "comments" in obj:
        return "zendesk"
    return None


def _is_servicenow(result: Any) -> bool:
    first = result[0] if isinstance(result, list) and result else result
    return isinstance(first, dict) and bool(
        set(first) & (_SERVICENOW_KEYS | {"number"})
    )


def _has_thread(obj: dict[str, Any]) -> bool:
    """A ticket that merely holds a list called `tickets` is not a page."""
    return "comments" in obj or "audits" in obj or "conversations" in obj
