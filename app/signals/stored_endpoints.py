"""HTTP handlers for the stored reading: which models are active, re-scoring.

Stored messages are scored after every upload. When a model version changes
(a new `models/<model>/<version>/` is deployed), `POST /v1/signals/rescore`
reads every message that lacks a row of an active version, as a job; the
older rows stay as history.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.api.deps import SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES
from app.signals.jobs import scoring_job
from app.signals.service import count_pending

router = APIRouter(prefix="/v1/signals", tags=["signals"], responses=PROBLEM_RESPONSES)


class ModelsOut(BaseModel):
    embedding_backend: str = Field(description="whose vectors the heads read")
    model_versions: dict[str, str] = Field(description="active version per model")
    signals: dict[str, list[str]] = Field(description="the signals each model gives")
    pending_messages: int = Field(
        description="this tenant's messages that lack a row of some active version"
    )


@router.get("/models")
async def active_models(
    request: Request, session: SessionDep, tenant: TenantDep
) -> ModelsOut:
    """The active model versions, and how many stored messages await them."""
    scorer = await run_in_threadpool(request.app.state.scorer.get)
    versions = scorer.model_versions
    return ModelsOut(
        embedding_backend=scorer.suite.embedding_backend,
        model_versions=versions,
        signals={model: list(names) for model, names in scorer.suite.models.items()},
        pending_messages=count_pending(session, tenant.id, versions),
    )


@router.post("/rescore", status_code=202)
async def rescore(request: Request, tenant: TenantDep) -> JSONResponse:
    """Score, as a job, every stored message an active version has not read."""
    state = request.app.state
    job = state.jobs.submit(tenant.id, "score", scoring_job(state.scorer))
    href = f"/v1/jobs/{job.id}"
    return JSONResponse(
        {"job": {"id": job.id, "href": href}},
        status_code=202,
        headers={"Location": href},
    )
