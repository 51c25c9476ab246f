"""Liveness and readiness probes, and who the caller is."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from app.api.deps import TenantDep
from app.core.errors import PROBLEM_RESPONSES

router = APIRouter(tags=["system"])


class TenantOut(BaseModel):
    id: int
    name: str
    buyer_domains: list[str]


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Answer while the process is alive."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready"}})
def readyz(request: Request) -> JSONResponse:
    """Answer 200 when the database answers and the models can be loaded."""
    checks = {"database": _database_ok(request), "models": _models_state(request)}
    ready = checks["database"] == "ok" and checks["models"] != "failed"
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )


@router.get("/v1/tenant", responses=PROBLEM_RESPONSES)
def read_tenant(tenant: TenantDep) -> TenantOut:
    """Show the tenant the API key belongs to."""
    return TenantOut(id=tenant.id, name=tenant.name, buyer_domains=tenant.buyer_domains)


def _database_ok(request: Request) -> str:
    try:
        with request.app.state.sessions.scope() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:
        return f"failed: {type(exc).__name__}"
    return "ok"


def _models_state(request: Request) -> str:
    holder = request.app.state.scorer
    if holder.loaded:
        return "ok"
    return "failed" if holder.error else "loading"
