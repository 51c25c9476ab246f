"""HTTP handler for scoring texts without storing them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from app.api.deps import TenantDep
from app.core.errors import PROBLEM_RESPONSES
from app.signals.text_scoring import MAX_TEXT_CHARS, TextItem, score_texts

router = APIRouter(prefix="/v1", tags=["signals"], responses=PROBLEM_RESPONSES)

MAX_TEXTS = 256


class TextIn(BaseModel):
    id: str | int = Field(description="yours; returned as given")
    text: str = Field(max_length=10 * MAX_TEXT_CHARS)


class ScoreRequest(BaseModel):
    texts: list[TextIn] = Field(min_length=1, max_length=MAX_TEXTS)


class ScoreResponse(BaseModel):
    results: list[dict[str, Any]] = Field(
        description="per text: id, language, truncated, warnings, signals, sentences"
    )


@router.post("/score")
async def score(
    body: ScoreRequest, request: Request, tenant: TenantDep
) -> ScoreResponse:
    """Score texts with every signal model; nothing is stored."""
    scorer = await run_in_threadpool(request.app.state.scorer.get)
    items = [TextItem(t.id, t.text) for t in body.texts]
    results = await run_in_threadpool(score_texts, items, scorer.embedder, scorer.suite)
    return ScoreResponse(results=results)
