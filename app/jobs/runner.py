"""In-process background jobs, recorded in the jobs table.

The embedded default runs work on a small thread pool inside the API process.
The job table is the public contract (`GET /v1/jobs/{id}`), so a Celery-backed
runner can replace this one without changing the API.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import update

from app.core.db import SessionFactory
from app.db.tables import Job

__all__ = ["JobRunner", "JobContext", "JobFunction"]

log = structlog.get_logger(__name__)


@dataclass
class JobContext:
    """What a running job may use: its id, sessions and a progress reporter."""

    job_id: str
    tenant_id: int
    sessions: SessionFactory

    def progress(self, done: int, total: int | None = None) -> None:
        values: dict[str, Any] = {"done": done}
        if total is not None:
            values["total"] = total
        with self.sessions.scope(write=True) as session:
            session.execute(update(Job).where(Job.id == self.job_id).values(**values))


JobFunction = Callable[[JobContext], dict[str, Any]]


class JobRunner:
    def __init__(self, sessions: SessionFactory, max_workers: int = 1) -> None:
        self.sessions = sessions
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="suppeq-job")

    def submit(self, tenant_id: int, kind: str, work: JobFunction) -> Job:
        """Record a queued job and start it in the background."""
        job = Job(id=str(uuid.uuid4()), tenant_id=tenant_id, kind=kind)
        with self.sessions.scope(write=True) as session:
            session.add(job)
        context = JobContext(job.id, tenant_id, self.sessions)
        self._pool.submit(self._run, context, work)
        log.info("job queued", job_id=job.id, kind=kind)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def fail_interrupted(self) -> int:
        """Mark jobs left running by a previous process as failed."""
        # TODO: resume interrupted ingest jobs; today the payload is not kept, so
        # the client must resubmit (re-ingesting adds nothing, so that is safe).
        with self.sessions.scope(write=True) as session:
            result = session.execute(
                update(Job)
                .where(Job.status.in_(["queued", "running"]))
                .values(status="failed", error="interrupted by a restart; resubmit")
            )
            return result.rowcount

    def _run(self, context: JobContext, work: JobFunction) -> None:
        self._set(context.job_id, status="running")
        log.info("job started", job_id=context.job_id)
        try:
            result = work(context)
        except Exception as exc:  # a job must never take the worker down
            log.exception("job failed", job_id=context.job_id)
            self._set(
                context.job_id, status="failed", error=f"{type(exc).__name__}: {exc}"
            )
            return
        self._set(context.job_id, status="succeeded", result=result)
        log.info("job finished", job_id=context.job_id)

    def _set(self, job_id: str, **values: Any) -> None:
        with self.sessions.scope(write=True) as session:
            session.execute(update(Job).where(Job.id == job_id).values(**values))
