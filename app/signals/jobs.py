"""Scoring stored messages as a background job (after uploads, on rescore)."""

from __future__ import annotations

from typing import Any

from app.jobs.runner import JobContext, JobFunction
from app.signals.service import count_pending, score_pending

__all__ = ["scoring_job"]


def scoring_job(holder) -> JobFunction:
    """A job that scores the tenant's pending messages, reporting progress.

    Args:
        holder: gives the loaded `SignalScorer` through `get()`.
    """

    def work(context: JobContext) -> dict[str, Any]:
        scorer = holder.get()
        with context.sessions.scope() as session:
            total = count_pending(session, context.tenant_id, scorer.model_versions)
        done = 0

        def advance(batch: int) -> None:
            nonlocal done
            done += batch
            context.progress(done, total)

        context.progress(0, total)
        scored = score_pending(
            context.sessions, context.tenant_id, scorer, on_batch=advance
        )
        return {"scored": scored}

    return work
