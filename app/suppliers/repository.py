"""Queries for suppliers and the messages that belong to them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.db.tables import Message, Participant, Supplier

__all__ = [
    "get_supplier",
    "list_suppliers",
    "supplier_by_name",
    "supplier_message_ids_query",
    "supplier_names",
]


def get_supplier(session: Session, tenant_id: int, supplier_id: int) -> Supplier | None:
    return session.scalar(
        select(Supplier).where(
            Supplier.tenant_id == tenant_id, Supplier.id == supplier_id
        )
    )


def supplier_by_name(session: Session, tenant_id: int, name: str) -> Supplier | None:
    return session.scalar(
        select(Supplier).where(Supplier.tenant_id == tenant_id, Supplier.name == name)
    )


def list_suppliers(
    session: Session, tenant_id: int, after_id: int | None, limit: int
) -> Sequence[Supplier]:
    query = select(Supplier).where(Supplier.tenant_id == tenant_id)
    if after_id is not None:
        query = query.where(Supplier.id > after_id)
    return session.scalars(query.order_by(Supplier.id).limit(limit)).all()


def supplier_names(session: Session, tenant_id: int) -> list[str]:
    query = select(Supplier.name).where(Supplier.tenant_id == tenant_id)
    return list(session.scalars(query))


def supplier_message_ids_query(supplier: Supplier) -> Select:
    """Ids of the tenant's messages that involve the supplier in any role.

    A domain also covers its sub-domains (mail.velaw.com belongs to velaw.com).
    """
    matches = [Participant.domain == d for d in supplier.domains]
    matches += [Participant.domain.like(f"%.{d}") for d in supplier.domains]
    if supplier.aliases:
        matches.append(Participant.address.in_(supplier.aliases))
    if not matches:
        return select(Message.id).where(Message.id.is_(None))
    return (
        select(Participant.message_id)
        .where(Participant.tenant_id == supplier.tenant_id, or_(*matches))
        .distinct()
    )
