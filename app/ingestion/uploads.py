"""Run one upload: claim its idempotency key, store it, answer or hand to a job.

Every ingest route (e-mail, meetings, tickets) goes through `run_upload`, so
they share idempotency, the size cap and the inline-or-job decision.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app.core.errors import BadRequest, PayloadTooLarge
from app.ingestion import idempotency
from app.ingestion.pipeline import (
    Channel,
    IngestOptions,
    count_source_items,
    ingest_path,
)
from app.jobs.runner import JobContext
from app.signals.jobs import scoring_job
from app.signals.service import score_pending

__all__ = ["Upload", "run_upload", "read_capped"]

SMALL_UPLOAD_BYTES = 256 * 1024


@dataclass
class Upload:
    """What was sent: the bytes, how to read them, and the file name to use."""

    body: bytes
    filename: str  # the suffix tells the readers the format
    channel: Channel = Channel.email
    options: IngestOptions | None = None
    fingerprint_extra: str = ""  # e.g. metadata that changes the meaning


async def run_upload(request: Request, tenant_id: int, key: str | None, upload: Upload):
    """Claim the key, ingest, record the answer; a replay returns the first one."""
    state = request.app.state
    digest = idempotency.body_hash(
        f"{upload.channel}|{upload.filename}|{upload.fingerprint_extra}", upload.body
    )
    replay = await run_in_threadpool(
        idempotency.claim, state.sessions, tenant_id, key, digest
    )
    if replay is not None:
        return _json(replay[0], replay[1], replayed=True)
    try:
        status, payload = await run_in_threadpool(_ingest, state, tenant_id, upload)
    except BaseException:
        await run_in_threadpool(idempotency.release, state.sessions, tenant_id, key)
        raise
    await run_in_threadpool(
        idempotency.complete, state.sessions, tenant_id, key, status, payload
    )
    return _json(status, payload)


async def read_capped(request: Request) -> bytes:
    """The request body, refused with 413 past the configured size."""
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
        raise BadRequest("The body is empty; send the data as the request body.")
    return b"".join(chunks)


def _ingest(state, tenant_id: int, upload: Upload) -> tuple[int, dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="suppeq-upload-"))
    path = folder / Path(upload.filename).name
    path.write_bytes(upload.body)
    upload.options = upload.options or IngestOptions()
    upload.options.source_label = f"upload:{path.name}"
    # A ticket file's count is unknown until read: small ones go inline.
    items = count_source_items(path, upload.channel)
    small = len(upload.body) <= SMALL_UPLOAD_BYTES
    if (items is None and small) or (
        items is not None and items <= state.settings.sync_ingest_max_items
    ):
        try:
            summary = ingest_path(
                state.sessions,
                tenant_id,
                path,
                channel=upload.channel,
                options=upload.options,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        scoring = _submit_scoring(state, tenant_id) if summary.ingested else None
        return 200, {**summary.as_dict(), "scoring_job": scoring}
    work = _ingest_job(state, path, folder, upload)
    job = state.jobs.submit(tenant_id, "ingest", work)
    return 202, {"job": _job_link(job.id)}


def _ingest_job(state, path: Path, folder: Path, upload: Upload):
    def work(context: JobContext) -> dict[str, Any]:
        try:
            summary = ingest_path(
                context.sessions,
                context.tenant_id,
                path,
                on_commit=lambda s: context.progress(s.items),
                channel=upload.channel,
                options=upload.options,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        context.progress(summary.items, summary.items)
        scored = score_pending(context.sessions, context.tenant_id, state.scorer.get())
        return {**summary.as_dict(), "scored": scored}

    return work


def _submit_scoring(state, tenant_id: int) -> dict[str, str]:
    return _job_link(
        state.jobs.submit(tenant_id, "score", scoring_job(state.scorer)).id
    )


def _job_link(job_id: str) -> dict[str, str]:
    return {"id": job_id, "href": f"/v1/jobs/{job_id}"}


def _json(status: int, payload: dict[str, Any], replayed: bool = False) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    if status == 202:
        headers["Location"] = payload["job"]["href"]
    return JSONResponse(payload, status_code=status, headers=headers)
