"""HTTP handlers for feedback: corrected labels for the signal models."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.api.deps import CallerDep, CursorQuery, LimitQuery, SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.pagination import DEFAULT_LIMIT, Page, after_id, id_page
from app.feedback import repository, service
from app.feedback.schemas import FeedbackCreate, FeedbackOut, SignalName

router = APIRouter(
    prefix="/v1/feedback", tags=["feedback"], responses=PROBLEM_RESPONSES
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "Replaced the earlier correction for the same target"}
    },
)
def post_feedback(
    body: FeedbackCreate, response: Response, session: SessionDep, caller: CallerDep
) -> FeedbackOut:
    """Store a corrected label for a message or one of its sentences."""
    feedback, created = service.record_feedback(
        session, caller.tenant.id, caller.api_key_id, body
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["Location"] = f"{router.prefix}/{feedback.id}"
    return FeedbackOut.model_validate(feedback)


@router.get("")
def list_feedback(
    session: SessionDep,
    tenant: TenantDep,
    signal: SignalName | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[FeedbackOut]:
    """List the tenant's corrections, oldest first, optionally for one signal."""
    rows = repository.list_feedback(
        session, tenant.id, signal, after_id(cursor), limit + 1
    )
    return id_page(list(rows), limit, FeedbackOut.model_validate)


@router.get("/{feedback_id}")
def read_feedback(
    feedback_id: int, session: SessionDep, tenant: TenantDep
) -> FeedbackOut:
    """Read one correction."""
    return FeedbackOut.model_validate(
        service.require_feedback(session, tenant.id, feedback_id)
    )
