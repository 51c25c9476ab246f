"""HTTP handler for e-mail upload: small batches inline, large ones as a job."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.api.deps import TenantDep
from app.core.errors import (
    PROBLEM_RESPONSES,
    BadRequest,
    PayloadTooLarge,
    problem_response,
)
from app.ingestion import idempotency
from app.ingestion.parsers import count_items
from app.ingestion.pipeline import ingest_path
from app.jobs.runner import JobContext
from app.signals.service import score_pending

router = APIRouter(prefix="/v1/ingest", tags=["ingestion"])

SUFFIX_BY_TYPE = {
    "message/rfc822": ".eml",
    "application/mbox": ".mbox",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
}

_REQUEST_BODY = {
    "content": {media: {"schema": {"type": "string"}} for media in SUFFIX_BY_TYPE},
    "description": (
        "One raw e-mail (message/rfc822), an mbox file (application/mbox), or "
        "Microsoft Graph / Gmail API message JSON (application/json: one object, "
        "a list or a Graph page; application/x-ndjson: one per line)."
    ),
    "required": True,
}


@router.post(
    "/email",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        **PROBLEM_RESPONSES,
        202: {"description": "Accepted as a background job; see Location"},
        400: problem_response("Missing Idempotency-Key or unsupported type"),
        409: problem_response("Same Idempotency-Key still running"),
        413: problem_response("Body too large"),
    },
)
async def ingest_email(
    request: Request,
    tenant: TenantDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Upload e-mail; unreadable items are quarantined with a reason."""
    suffix = _suffix_for(request.headers.get("content-type", ""))
    body = await _read_capped(request)
    state = request.app.state
    digest = idempotency.body_hash(suffix, body)
    replay = await run_in_threadpool(
        idempotency.claim, state.sessions, tenant.id, idempotency_key, digest
    )
    if replay is not None:
        return _json(replay[0], replay[1], replayed=True)
    try:
        status, payload = await run_in_threadpool(
            _ingest_upload, state, tenant.id, body, suffix
        )
    except BaseException:
        await run_in_threadpool(
            idempotency.release, state.sessions, tenant.id, idempotency_key
        )
        raise
    await run_in_threadpool(
        idempotency.complete,
        state.sessions,
        tenant.id,
        idempotency_key,
        status,
        payload,
    )
    return _json(status, payload)


def _ingest_upload(state, tenant_id: int, body: bytes, suffix: str):
    folder = Path(tempfile.mkdtemp(prefix="suppeq-upload-"))
    path = folder / f"upload{suffix}"
    path.write_bytes(body)
    if count_items(path) <= state.settings.sync_ingest_max_items:
        try:
            summary = ingest_path(state.sessions, tenant_id, path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        scoring = _submit_scoring(state, tenant_id) if summary.ingested else None
        return 200, {**summary.as_dict(), "scoring_job": scoring}
    job = state.jobs.submit(tenant_id, "ingest", _ingest_job(state, path, folder))
    return 202, {"job": _job_link(job.id)}


def _ingest_job(state, path: Path, folder: Path):
    def work(context: JobContext) -> dict[str, Any]:
        try:
            summary = ingest_path(
                context.sessions,
                context.tenant_id,
                path,
                on_commit=lambda summary: context.progress(summary.seen),
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        context.progress(summary.seen, summary.seen)
        scored = score_pending(context.sessions, context.tenant_id, state.scorer.get())
        return {**summary.as_dict(), "scored": scored}

    return work


def _submit_scoring(state, tenant_id: int) -> dict[str, str]:
    def work(context: JobContext) -> dict[str, Any]:
        return {
            "scored": score_pending(context.sessions, tenant_id, state.scorer.get())
        }

    return _job_link(state.jobs.submit(tenant_id, "score", work).id)


def _job_link(job_id: str) -> dict[str, str]:
    return {"id": job_id, "href": f"/v1/jobs/{job_id}"}


def _json(status: int, payload: dict[str, Any], replayed: bool = False) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    if status == 202:
        headers["Location"] = payload["job"]["href"]
    return JSONResponse(payload, status_code=status, headers=headers)


def _suffix_for(content_type: str) -> str:
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in SUFFIX_BY_TYPE:
        accepted = ", ".join(SUFFIX_BY_TYPE)
        raise BadRequest(
            f"Content-Type {media or '(none)'} is not accepted; use one of: {accepted}."
        )
    return SUFFIX_BY_TYPE[media]


async def _read_capped(request: Request) -> bytes:
    limit = request.app.state.settings.max_request_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is over {limit} bytes; split the upload.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body is over {limit} bytes; split the upload.")
        chunks.append(chunk)
    if not size:
        raise BadRequest("The body is empty; send the e-mail data as the request body.")
    return b"".join(chunks)
