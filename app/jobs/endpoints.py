"""HTTP handler for background job status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from app.api.deps import SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES, NotFound
from app.db.tables import Job

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], responses=PROBLEM_RESPONSES)


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    status: str
    done: int
    total: int | None
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime


@router.get("/{job_id}")
def read_job(job_id: str, session: SessionDep, tenant: TenantDep) -> JobOut:
    """Read a background job's status, progress and result."""
    job = session.scalar(
        select(Job).where(Job.tenant_id == tenant.id, Job.id == job_id)
    )
    if job is None:
        raise NotFound(f"No job with id {job_id}.")
    return JobOut.model_validate(job)
