"""The FastAPI application: routers, middleware, and what loads once."""

from __future__ import annotations

import re
import threading
from contextlib import asynccontextmanager

import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from app.api import system
from app.core.config import Settings, get_settings
from app.core.db import SessionFactory, make_engine
from app.core.errors import install_error_handlers
from app.core.logging import configure_logging
from app.evidence import endpoints as evidence
from app.feedback import endpoints as feedback
from app.ingestion import endpoints as ingestion
from app.jobs import endpoints as jobs
from app.jobs.runner import JobRunner
from app.relationships import endpoints as relationships
from app.signals import endpoints as signals
from app.signals import stored_endpoints as stored_signals
from app.signals.holder import ScorerHolder
from app.suppliers import endpoints as suppliers

__all__ = ["create_app"]

log = structlog.get_logger(__name__)

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def create_app(
    settings: Settings | None = None, *, warm_models: bool = True
) -> FastAPI:
    """Build the app; tests pass their own settings and skip the model warm-up."""
    settings = settings or get_settings()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        sessions = SessionFactory(make_engine(settings.database_url))
        app.state.settings = settings
        app.state.sessions = sessions
        app.state.jobs = JobRunner(sessions)
        app.state.scorer = ScorerHolder(settings)
        interrupted = app.state.jobs.fail_interrupted()
        log.info("service starting", interrupted_jobs=interrupted)
        if warm_models:
            threading.Thread(
                target=_warm, args=(app.state.scorer,), daemon=True
            ).start()
        yield
        app.state.jobs.shutdown()
        sessions.engine.dispose()
        log.info("service stopped")

    # The docs page is served with its own assets: no CDN, so it works offline.
    app = FastAPIOffline(
        title="SuppEQ",
        version="0.1.0",
        summary="Relational-health signals for a buyer's strategic suppliers.",
        lifespan=lifespan,
    )
    app.add_middleware(CorrelationIdMiddleware, validator=_valid_request_id)
    install_error_handlers(app)
    for module in (
        system,
        suppliers,
        relationships,
        evidence,
        ingestion,
        jobs,
        signals,
        stored_signals,
        feedback,
    ):
        app.include_router(module.router)
    return app


def _valid_request_id(value: str) -> bool:
    """Accept a caller's id when it is short and plain; else make a new one."""
    return bool(_REQUEST_ID.fullmatch(value))


def _warm(holder: ScorerHolder) -> None:
    try:
        holder.get()
    except Exception:
        log.exception("model warm-up failed")
