"""HTTP handler for scoring texts without storing them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field

from app.api.deps import SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES
from app.signals.text_scoring import MAX_TEXT_CHARS, TextItem, score_texts
from app.suppliers.repository import supplier_names

router = APIRouter(prefix="/v1", tags=["signals"], responses=PROBLEM_RESPONSES)

MAX_TEXTS = 256


class TextIn(BaseModel):
    id: str | int = Field(description="yours; returned as given")
    text: str = Field(max_length=10 * MAX_TEXT_CHARS)
    reference_time: AwareDatetime | None = Field(
        default=None,
        description="when the text was written, with its offset; relative due "
        "dates of commitments ('by Friday') resolve against it",
    )


class ScoreRequest(BaseModel):
    texts: list[TextIn] = Field(min_length=1, max_length=MAX_TEXTS)


class ScoreResponse(BaseModel):
    results: list[dict[str, Any]] = Field(
        description="per text: id, language, truncated, warnings, signals, "
        "sentences (with rules), entities, commitments"
    )


@router.post("/score")
async def score(
    body: ScoreRequest, request: Request, tenant: TenantDep, session: SessionDep
) -> ScoreResponse:
    """Score texts with every signal model; nothing is stored."""
    names = await run_in_threadpool(supplier_names, session, tenant.id)
    session.commit()  # scoring takes seconds: hold no transaction meanwhile
    scorer = await run_in_threadpool(request.app.state.scorer.get)
    items = [TextItem(t.id, t.text, t.reference_time) for t in body.texts]
    results = await run_in_threadpool(
        score_texts, items, scorer.embedder, scorer.suite, org_names=names
    )
    return ScoreResponse(results=results)
