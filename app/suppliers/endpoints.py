"""HTTP handlers for suppliers."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.api.deps import CursorQuery, LimitQuery, SessionDep, TenantDep
from app.core.errors import PROBLEM_RESPONSES, problem_response
from app.core.pagination import DEFAULT_LIMIT, Page, after_id, id_page
from app.suppliers import service
from app.suppliers.schemas import SupplierCreate, SupplierOut, SupplierUpdate

router = APIRouter(
    prefix="/v1/suppliers", tags=["suppliers"], responses=PROBLEM_RESPONSES
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={409: problem_response("Name already used")},
)
def create_supplier(
    body: SupplierCreate, session: SessionDep, tenant: TenantDep
) -> SupplierOut:
    """Add a supplier relationship, defined by its domains and aliases."""
    supplier = service.create_supplier(session, tenant.id, body)
    return SupplierOut.model_validate(supplier)


@router.get("")
def list_suppliers(
    session: SessionDep,
    tenant: TenantDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[SupplierOut]:
    """List the tenant's suppliers."""
    rows = service.list_suppliers(session, tenant.id, after_id(cursor), limit + 1)
    return id_page(list(rows), limit, SupplierOut.model_validate)


@router.get("/{supplier_id}")
def read_supplier(
    supplier_id: int, session: SessionDep, tenant: TenantDep
) -> SupplierOut:
    """Read one supplier."""
    return SupplierOut.model_validate(
        service.require_supplier(session, tenant.id, supplier_id)
    )


@router.patch("/{supplier_id}", responses={409: problem_response("Name already used")})
def update_supplier(
    supplier_id: int, body: SupplierUpdate, session: SessionDep, tenant: TenantDep
) -> SupplierOut:
    """Change a supplier's name, domains, aliases, ERP id or calendar."""
    supplier = service.update_supplier(session, tenant.id, supplier_id, body)
    return SupplierOut.model_validate(supplier)
