"""API shapes for health readings and signal series."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["ComponentOut", "TrendOut", "HealthPeriodOut", "HealthOut", "SeriesOut"]


class ComponentOut(BaseModel):
    score: float | None = Field(description="0-100; null when it could not be read")
    weight: float
    n: int = Field(description="messages or reply events behind the score")
    channels: list[str]
    evidence_message_ids: list[int] = Field(
        description="the messages that drive this component; GET /v1/messages/{id}"
    )
    detail: dict[str, Any]


class TrendOut(BaseModel):
    previous_period: str | None
    delta: float | None
    direction: Literal["up", "down", "flat"] | None


class TicketsOut(BaseModel):
    tickets: int
    median_first_reply_business_hours: float | None
    median_full_resolution_business_hours: float | None
    resolved: int
    reopens: int
    evidence_conversation_ids: list[int]


class HealthPeriodOut(BaseModel):
    period: str = Field(examples=["2001-03"])
    score: float | None
    status: Literal["ok", "insufficient_data"]
    confidence: float
    trend: TrendOut | None
    components: dict[str, ComponentOut]
    tickets: TicketsOut | None = Field(
        default=None, description="tickets opened this month, with their service times"
    )


class HealthOut(BaseModel):
    supplier_id: int
    model_versions: dict[str, str | None]
    periods: list[HealthPeriodOut]


class IntentCountOut(BaseModel):
    messages: int
    evidence_message_ids: list[int]


class SeriesPointOut(BaseModel):
    period: str
    party: Literal["buyer", "supplier", "other"]
    channels: list[str]
    messages: int
    scored: int
    mean_valence: float | None
    mean_politeness: float | None
    replies: int
    median_reply_business_hours: float | None
    evidence_message_ids: list[int]
    intents: dict[str, IntentCountOut] = Field(
        description=(
            "per intent signal: messages whose message-level probability is at "
            "least 0.5, and their ids"
        )
    )


class SeriesOut(BaseModel):
    supplier_id: int
    model_versions: dict[str, str | None]
    points: list[SeriesPointOut]
