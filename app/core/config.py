"""One settings object for the whole service, read from SUPPEQ_* variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Environment", "Settings", "get_settings", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parents[2]


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPEQ_", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'suppeq.db'}"
    # Third-party corpora are read from here and never copied into the repository.
    shared_data_dir: Path = REPO_ROOT.parent / "shared" / "data"
    models_dir: Path = REPO_ROOT / "models"
    log_json: bool = False
    log_level: str = "INFO"
    # Signs opaque pagination cursors; any value works in development.
    secret_key: SecretStr = SecretStr("development-only-secret")

    # Ingestion caps: a message past these is quarantined, never parsed further.
    max_message_bytes: int = 25 * 1024 * 1024
    max_mime_parts: int = 200
    max_mime_depth: int = 10
    max_request_bytes: int = 50 * 1024 * 1024
    sync_ingest_max_items: int = Field(
        default=50, description="larger API batches run as a background job"
    )

    # Responsiveness: a message from the other side with no reply after this many
    # business hours of the side that owes the answer counts as unanswered.
    unanswered_after_business_hours: float = 16.0
    # Embedding batch size; 32 keeps peak memory low on a 2-core machine.
    embedding_batch_size: int = 32
    # One of app.signals.backends.BACKENDS. It must be the backend the active
    # heads were trained on (their cards say which; scoring refuses another):
    # onnx-int8, the fastest backend whose heads stay within a point of fp32
    # (benchmarks/README.md).
    embedding_backend: str = "onnx-int8"
    # Intra-op threads of the embedding backend; one per core on the 2-core box.
    embedding_threads: int = 2

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        default = "development-only-secret"
        if (
            self.environment is Environment.production
            and self.secret_key.get_secret_value() == default
        ):
            raise ValueError("SUPPEQ_SECRET_KEY must be set in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
