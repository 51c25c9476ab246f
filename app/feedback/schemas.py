"""API shapes for feedback: a corrected label for a message or a sentence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.signals.tone import SENTIMENT_LABELS

__all__ = [
    "BINARY_LABELS",
    "SIGNAL_LABELS",
    "FeedbackCreate",
    "FeedbackOut",
    "SignalName",
]

BINARY_LABELS = ("yes", "no")


class SignalName(StrEnum):
    """The signals a label can be corrected for, named as `POST /v1/score` does."""

    request = "request"
    commitment = "commitment"
    escalation = "escalation"
    complaint = "complaint"
    commercial_change = "commercial_change"
    delay_risk = "delay_risk"
    appreciation = "appreciation"
    frustration = "frustration"
    politeness = "politeness"
    sentiment = "sentiment"


SIGNAL_LABELS: dict[str, tuple[str, ...]] = {
    signal.value: SENTIMENT_LABELS if signal is SignalName.sentiment else BINARY_LABELS
    for signal in SignalName
}


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: int
    sentence_index: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Which sentence of the message's own text (0-based, as listed in the "
            "`sentences` of its stored signals); null labels the whole message."
        ),
    )
    signal: SignalName
    label: str = Field(
        description='"yes" or "no"; for sentiment "negative", "neutral" or "positive"',
        examples=["yes"],
    )
    note: str | None = Field(default=None, max_length=500)

    @field_validator("label")
    @classmethod
    def _label_fits_signal(cls, value: str, info: ValidationInfo) -> str:
        label = value.strip().lower()
        signal = info.data.get("signal")
        # An unknown signal has its own error already; nothing to check against.
        if signal is None:
            return label
        allowed = SIGNAL_LABELS[signal]
        if label not in allowed:
            raise ValueError(
                f"label {value!r} does not fit signal {signal.value!r}; "
                f"use one of: {', '.join(allowed)}"
            )
        return label


class FeedbackOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    message_id: int
    sentence_index: int | None
    signal: str
    label: str
    note: str | None
    text_sha256: str = Field(description="sha256 of the exact text labelled")
    api_key_id: int | None = Field(description="the API key that sent it")
    created_at: datetime = Field(description="when the first correction came")
    updated_at: datetime = Field(description="when the latest correction came")
