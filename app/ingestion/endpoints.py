"""HTTP handlers for uploads: e-mail, meeting transcripts and tickets.

Small uploads are stored before the answer (200); large ones become a job
(202 with Location). Every route needs an Idempotency-Key.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from app.api.deps import TenantDep
from app.core.errors import PROBLEM_RESPONSES, BadRequest, problem_response
from app.ingestion.meetings import MeetingMetadata
from app.ingestion.pipeline import Channel, IngestOptions
from app.ingestion.tickets import FORMATS as TICKET_FORMATS
from app.ingestion.tickets import TicketMapping
from app.ingestion.uploads import Upload, read_capped, run_upload

router = APIRouter(prefix="/v1/ingest", tags=["ingestion"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        description="Any unique string (e.g. a UUID); a retry with it is stored once."
    ),
]

EMAIL_SUFFIX_BY_TYPE = {
    "message/rfc822": ".eml",
    "application/mbox": ".mbox",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
}
TICKET_SUFFIX_BY_TYPE = {
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "text/csv": ".csv",
}

UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    202: {"description": "Accepted as a background job; see Location"},
    400: problem_response("Missing Idempotency-Key, unsupported type or bad options"),
    409: problem_response("Same Idempotency-Key still running"),
    413: problem_response("Body too large"),
}


def _raw_body(media: dict[str, str], description: str) -> dict[str, Any]:
    content = {m: {"schema": {"type": "string"}} for m in media}
    return {
        "requestBody": {
            "content": content,
            "description": description,
            "required": True,
        }
    }


@router.post(
    "/email",
    responses=UPLOAD_RESPONSES,
    openapi_extra=_raw_body(
        EMAIL_SUFFIX_BY_TYPE,
        "One raw e-mail (message/rfc822), an mbox file (application/mbox), or "
        "Microsoft Graph / Gmail API message JSON (application/json: one object, "
        "a list or a Graph page; application/x-ndjson: one per line).",
    ),
)
async def ingest_email(
    request: Request, tenant: TenantDep, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    """Upload e-mail; unreadable items are quarantined with a reason."""
    suffix = _suffix_for(request, EMAIL_SUFFIX_BY_TYPE)
    upload = Upload(await read_capped(request), f"upload{suffix}")
    return await run_upload(request, tenant.id, idempotency_key, upload)


class MeetingUpload(BaseModel):
    """One transcript or set of notes, with what the transcript cannot say."""

    content: str = Field(min_length=1, description="the transcript or notes, as text")
    filename: str = Field(
        default="meeting.vtt",
        pattern=r"^[\w.\- ]{1,100}\.(vtt|srt|txt|md|markdown|json)$",
        description="its file name; the extension and content tell the format "
        "(Teams or Zoom VTT, SRT, Otter text, JSON turns, notes)",
    )
    format: str | None = Field(
        default=None,
        description="teams_vtt, zoom_vtt, srt, otter_txt, turns_json, notes",
    )
    metadata: MeetingMetadata | None = Field(
        default=None, description="start time (with offset), title, attendees, id"
    )


@router.post("/meetings", responses=UPLOAD_RESPONSES)
async def ingest_meeting(
    body: MeetingUpload,
    request: Request,
    tenant: TenantDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Upload a meeting transcript or notes; speakers map to attendees."""
    options = IngestOptions(meeting_metadata=body.metadata)
    meta = body.metadata.model_dump_json() if body.metadata else ""
    upload = Upload(
        body.content.encode("utf-8"),
        body.filename,
        Channel.meeting,
        options,
        fingerprint_extra=meta,
    )
    return await run_upload(request, tenant.id, idempotency_key, upload)


@router.post(
    "/tickets",
    responses=UPLOAD_RESPONSES,
    openapi_extra=_raw_body(
        TICKET_SUFFIX_BY_TYPE,
        "Vendor ticket JSON as exported by Zendesk, Jira, ServiceNow, Freshdesk or "
        "Bugzilla (one ticket, a list or a page), or generic JSON/CSV rows with "
        "`format=generic` and a `mapping`.",
    ),
)
async def ingest_tickets(
    request: Request,
    tenant: TenantDep,
    idempotency_key: IdempotencyKey = None,
    format: Annotated[
        str | None, Query(description=f"one of {', '.join(TICKET_FORMATS)}")
    ] = None,
    mapping: Annotated[
        str | None, Query(description="generic only: a TicketMapping as JSON")
    ] = None,
) -> JSONResponse:
    """Upload service tickets; internal notes are kept apart from replies."""
    if format is not None and format not in TICKET_FORMATS:
        raise BadRequest(f"format {format!r} is unknown; use one of {TICKET_FORMATS}.")
    suffix = _suffix_for(request, TICKET_SUFFIX_BY_TYPE)
    options = IngestOptions(ticket_format=format, ticket_mapping=_mapping(mapping))
    upload = Upload(
        await read_capped(request),
        f"tickets{suffix}",
        Channel.ticket,
        options,
        fingerprint_extra=f"{format}|{mapping}",
    )
    return await run_upload(request, tenant.id, idempotency_key, upload)


def _mapping(text: str | None) -> TicketMapping | None:
    if text is None:
        return None
    try:
        return TicketMapping.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise BadRequest(f"mapping is not a valid TicketMapping: {first}") from exc


def _suffix_for(request: Request, accepted: dict[str, str]) -> str:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in accepted:
        names = ", ".join(accepted)
        raise BadRequest(
            f"Content-Type {media or '(none)'} is not accepted; use one of: {names}."
        )
    return accepted[media]
