"""HTTP handlers for a supplier's health and signal series."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.api.deps import SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES, problem_response
from app.relationships import service
from app.relationships.schemas import (
    ComponentOut,
    HealthOut,
    HealthPeriodOut,
    SeriesOut,
    TrendOut,
)
from app.suppliers.service import require_supplier

router = APIRouter(
    prefix="/v1/suppliers/{supplier_id}",
    tags=["relationships"],
    responses={**PROBLEM_RESPONSES, 400: problem_response("Bad period range")},
)

PeriodQuery = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


@router.get("/health")
def supplier_health(
    supplier_id: int,
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    start: Annotated[PeriodQuery, Query(alias="from")] = None,
    end: Annotated[PeriodQuery, Query(alias="to")] = None,
) -> HealthOut:
    """Read the supplier's monthly health with components and evidence."""
    supplier = require_supplier(session, tenant.id, supplier_id)
    timeline = service.load_timeline(
        session, request.app.state.settings, tenant, supplier
    )
    periods = [_period_out(p) for p in service.monthly_health(timeline, start, end)]
    return HealthOut(
        supplier_id=supplier.id,
        model_versions={"tone": timeline.tone_version},
        periods=periods,
    )


@router.get("/series")
def supplier_series(
    supplier_id: int,
    request: Request,
    session: SessionDep,
    tenant: TenantDep,
    start: Annotated[PeriodQuery, Query(alias="from")] = None,
    end: Annotated[PeriodQuery, Query(alias="to")] = None,
) -> SeriesOut:
    """Read the supplier's monthly signal series per party."""
    supplier = require_supplier(session, tenant.id, supplier_id)
    timeline = service.load_timeline(
        session, request.app.state.settings, tenant, supplier
    )
    return SeriesOut(
        supplier_id=supplier.id,
        model_versions={"tone": timeline.tone_version, **timeline.intent_versions},
        points=service.monthly_series(timeline, start, end),
    )


def _timeline(request: Request, session, tenant, supplier_id: int):
    supplier = require_supplier(session, tenant.id, supplier_id)
    settings = request.app.state.settings
    return supplier, service.load_timeline(session, settings, tenant, supplier)


def _period_out(period: service.PeriodReading) -> HealthPeriodOut:
    reading, trend = period.reading, period.trend
    components = {
        name: ComponentOut(
            score=None if c.score is None else round(c.score, 1),
            weight=c.weight,
            n=c.n,
            channels=period.channels.get(name, []),
            evidence_message_ids=list(c.evidence_message_ids),
            detail=c.detail,
        )
        for name, c in reading.components.items()
    }
    return HealthPeriodOut(
        period=reading.period,
        score=None if reading.score is None else round(reading.score, 1),
        status=reading.status,
        confidence=round(reading.confidence, 3),
        trend=TrendOut(
            previous_period=trend.previous_period,
            delta=trend.delta,
            direction=trend.direction,
        )
        if trend
        else None,
        components=components,
        tickets=period.tickets,
    )
