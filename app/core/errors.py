"""One error base, one handler: every failure leaves as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "SuppEQError",
    "NotFound",
    "Conflict",
    "Unauthorized",
    "BadRequest",
    "PayloadTooLarge",
    "install_error_handlers",
    "PROBLEM_RESPONSES",
    "problem_response",
]

log = structlog.get_logger(__name__)

PROBLEM_TYPE_BASE = "https://suppeq.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class SuppEQError(Exception):
    """Base of every domain error; subclasses set the status and a problem slug."""

    status_code = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class BadRequest(SuppEQError):
    status_code = 400
    slug = "bad-request"
    title = "Bad request"


class Unauthorized(SuppEQError):
    status_code = 401
    slug = "unauthorized"
    title = "Missing or invalid API key"


class NotFound(SuppEQError):
    status_code = 404
    slug = "not-found"
    title = "Not found"


class Conflict(SuppEQError):
    status_code = 409
    slug = "conflict"
    title = "Conflict"


class PayloadTooLarge(SuppEQError):
    status_code = 413
    slug = "payload-too-large"
    title = "Payload too large"


def _problem(
    request: Request, status: int, slug: str, title: str, detail: str, **extra: Any
) -> JSONResponse:
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": correlation_id.get(),
        **extra,
    }
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


async def _domain_error(request: Request, exc: SuppEQError) -> JSONResponse:
    return _problem(
        request, exc.status_code, exc.slug, exc.title, exc.detail, **exc.extensions
    )


async def _validation_error(request: Request, exc: RequestValidationError):
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
    detail = f"The request did not validate; check: {fields}"
    return _problem(
        request, 422, "validation-error", "Invalid request", detail, errors=errors
    )


async def _http_error(request: Request, exc: StarletteHTTPException):
    title = "Not found" if exc.status_code == 404 else "HTTP error"
    return _problem(
        request, exc.status_code, f"http-{exc.status_code}", title, str(exc.detail)
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", path=request.url.path)
    return _problem(
        request,
        500,
        "internal-error",
        "Internal error",
        "An unexpected error occurred.",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SuppEQError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


_PROBLEM_SCHEMA = {
    "content": {
        PROBLEM_MEDIA_TYPE: {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                    "request_id": {"type": ["string", "null"]},
                },
            }
        }
    }
}


def problem_response(description: str) -> dict[str, Any]:
    """An OpenAPI `responses` entry for a problem+json answer."""
    return {"description": description, **_PROBLEM_SCHEMA}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: problem_response("Missing or invalid API key"),
    404: problem_response("Not found in this tenant"),
    422: problem_response("Invalid request"),
}
