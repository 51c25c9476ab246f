"""API shapes for suppliers."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["SupplierCreate", "SupplierUpdate", "SupplierOut", "Calendar"]

DOMAIN_PATTERN = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"


class Calendar(BaseModel):
    """Business hours of one side: used to count reply times fairly."""

    timezone: str = "UTC"
    workdays: list[int] = Field(default=[1, 2, 3, 4, 5], description="ISO weekdays")
    day_start: str = Field(default="09:00", pattern=r"^\d\d:\d\d$")
    day_end: str = Field(default="17:00", pattern=r"^\d\d:\d\d$")
    holiday_country: str | None = Field(default=None, examples=["US", "DE"])
    holiday_subdivision: str | None = None


def _clean_domains(domains: list[str]) -> list[str]:
    return sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})


class SupplierCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    domains: list[str] = Field(default_factory=list, examples=[["velaw.com"]])
    aliases: list[str] = Field(
        default_factory=list, description="extra e-mail addresses of the supplier"
    )
    erp_vendor_id: str | None = Field(default=None, max_length=100)
    calendar: Calendar | None = None

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return _validated_domains(value)

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: list[str]) -> list[str]:
        return _validated_aliases(value)


class SupplierUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    domains: list[str] | None = None
    aliases: list[str] | None = None
    erp_vendor_id: str | None = None
    calendar: Calendar | None = None

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _validated_domains(value)

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _validated_aliases(value)


class SupplierOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    domains: list[str]
    aliases: list[str]
    erp_vendor_id: str | None
    calendar: Calendar | None
    created_at: datetime
    updated_at: datetime


def _validated_domains(value: list[str]) -> list[str]:
    cleaned = _clean_domains(value)
    bad = [d for d in cleaned if not re.match(DOMAIN_PATTERN, d)]
    if bad:
        raise ValueError(f"not a domain name: {', '.join(bad)} (write e.g. velaw.com)")
    return cleaned


def _validated_aliases(value: list[str]) -> list[str]:
    cleaned = sorted({a.strip().lower() for a in value if a.strip()})
    bad = [a for a in cleaned if "@" not in a]
    if bad:
        raise ValueError(f"aliases must be e-mail addresses: {', '.join(bad)}")
    return cleaned
