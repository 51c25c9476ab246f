"""Creating, reading and updating suppliers."""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.errors import BadRequest, Conflict, NotFound
from app.db.tables import Supplier, Tenant
from app.relationships.parties import domain_matches
from app.suppliers import repository
from app.suppliers.schemas import SupplierCreate, SupplierUpdate

__all__ = ["create_supplier", "update_supplier", "require_supplier", "list_suppliers"]

log = structlog.get_logger(__name__)


def create_supplier(session: Session, tenant_id: int, data: SupplierCreate) -> Supplier:
    """Add a supplier relationship to the tenant."""
    _refuse_duplicate_name(session, tenant_id, data.name)
    _check_identity(session, tenant_id, data.domains, data.aliases, None)
    supplier = Supplier(
        tenant_id=tenant_id,
        name=data.name,
        domains=data.domains,
        aliases=data.aliases,
        erp_vendor_id=data.erp_vendor_id,
        calendar=data.calendar.model_dump() if data.calendar else None,
    )
    session.add(supplier)
    _flush_or_conflict(session, data.name)
    log.info("supplier created", tenant_id=tenant_id, supplier_id=supplier.id)
    return supplier


def update_supplier(
    session: Session, tenant_id: int, supplier_id: int, data: SupplierUpdate
) -> Supplier:
    supplier = require_supplier(session, tenant_id, supplier_id)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] != supplier.name:
        _refuse_duplicate_name(session, tenant_id, changes["name"])
    _check_identity(
        session,
        tenant_id,
        changes.get("domains", supplier.domains),
        changes.get("aliases", supplier.aliases),
        supplier.id,
    )
    for field, value in changes.items():
        setattr(supplier, field, value)
    _flush_or_conflict(session, supplier.name)
    log.info("supplier updated", tenant_id=tenant_id, supplier_id=supplier.id)
    return supplier


def require_supplier(session: Session, tenant_id: int, supplier_id: int) -> Supplier:
    """The tenant's supplier, or NotFound; another tenant's id looks missing."""
    supplier = repository.get_supplier(session, tenant_id, supplier_id)
    if supplier is None:
        raise NotFound(f"No supplier with id {supplier_id}.")
    return supplier


def list_suppliers(
    session: Session, tenant_id: int, after_id: int | None, limit: int
) -> Sequence[Supplier]:
    return repository.list_suppliers(session, tenant_id, after_id, limit)


def _refuse_duplicate_name(session: Session, tenant_id: int, name: str) -> None:
    if repository.supplier_by_name(session, tenant_id, name) is not None:
        raise Conflict(
            f"A supplier named {name!r} already exists; choose another name."
        )


def _check_identity(
    session: Session,
    tenant_id: int,
    domains: list[str],
    aliases: list[str],
    supplier_id: int | None,
) -> None:
    """A supplier needs a domain or an alias that is not the buyer's own and
    not another supplier's: otherwise two readings would share messages."""
    if not domains and not aliases:
        raise BadRequest("Give the supplier at least one domain or alias.")
    buyer = session.get_one(Tenant, tenant_id).buyer_domains
    own = [d for d in domains if domain_matches(d, buyer)]
    if own:
        raise Conflict(f"{', '.join(own)} is the buyer's own domain, not a supplier's.")
    for other in repository.list_suppliers(session, tenant_id, None, 100_000):
        if other.id == supplier_id:
            continue
        shared = [d for d in domains if d in other.domains] + [
            a for a in aliases if a in other.aliases
        ]
        if shared:
            raise Conflict(
                f"{', '.join(shared)} already belongs to supplier {other.name!r}."
            )


def _flush_or_conflict(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A supplier named {name!r} already exists.") from exc
