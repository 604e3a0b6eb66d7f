"""The JSON API at /api/v1/ (contract: shared/api-v1.md). Each app adds a router; this module
holds what they share: bearer-token auth, rate limits and the contract's error body."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from mpp.errors import DomainError, Invalid
from mpp.lib.client import client_ip
from mpp.ratelimit import take

log = logging.getLogger(__name__)


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; sets request.user to the token's user."""

    openapi_description = "A token from POST /api/v1/auth/token, or one issued in the back office."

    def authenticate(self, request: HttpRequest, token: str):
        from mpp.accounts.services import token_authenticate

        api_token = token_authenticate(secret=token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


bearer = BearerAuth()


def optional_user(request: HttpRequest):
    """The token's user when a valid bearer token came with a public request, else None."""
    if hasattr(request, "api_token"):
        return request.api_token.user
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    from mpp.accounts.services import token_authenticate

    api_token = token_authenticate(secret=header[7:].strip())
    if api_token is None:
        return None
    request.api_token = api_token
    return api_token.user


class RoleThrottle(BaseThrottle):
    """Fixed-window limits: per client address for the public, per token for staff and
    devices, with integrators on their own, higher rate (settings.MPP_RATE_LIMITS)."""

    def __init__(self, scope: str | None = None):
        self.scope = scope
        self._wait = None

    def allow_request(self, request: HttpRequest) -> bool:
        user = optional_user(request) if self.scope is None else None
        if self.scope:
            scope, ident = self.scope, self.get_ident(request)
        elif user is not None:
            scope = "integrator" if user.role == "integrator" else "staff"
            ident = f"t{request.api_token.pk}"
        else:
            scope, ident = "public", self.get_ident(request)
        self._wait = take(scope, ident)
        return self._wait is None

    def get_ident(self, request: HttpRequest) -> str:
        """The client's address from the trusted proxies only (ninja's own default believes
        any X-Forwarded-For)."""
        return client_ip(request)

    def wait(self):
        return self._wait


api = NinjaAPI(
    title="MPP API",
    version="1",
    description=(
        "The open API of the Mal Pelayanan Publik platform: catalog, queue, bookings, "
        "document tracking, complaints and SKM. Errors are "
        '`{"error": {"code", "message", "fields"}}`; messages are Indonesian by default, '
        "English with `Accept-Language: en`."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[RoleThrottle()],
)


def _error(request, status: int, code: str, message: str, fields: dict | None = None, **extra):
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if exc.status == 429 and exc.extra.get("retry_after"):
        response["Retry-After"] = str(int(exc.extra["retry_after"]))
    return response


def _field_name(loc) -> str:
    """The top-level field an error is about: ('body', 'payload', 'channels', 0) -> channels."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # drop "body" and the handler's parameter name
    elif parts and parts[0] in ("query", "path", "form", "file", "header", "cookie"):
        parts = parts[1:]
    return str(parts[0]) if parts else "body"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    fields = {}
    for error in exc.errors:
        loc = error.get("loc", ())
        name = _field_name(loc)
        kind = error.get("type", "")
        if kind == "missing":
            message = _("This field is required.")
        elif kind == "json_invalid":
            return _error(request, 400, "bad_request", _("The body is not valid JSON."))
        else:
            message = error.get("msg", _("Invalid value."))
        fields.setdefault(name, str(message))
    if not fields:
        return _error(request, 400, "bad_request", _("The request could not be read."))
    first = next(iter(fields.items()))
    return _error(request, 422, Invalid.code, f"{first[0]}: {first[1]}", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(
        request,
        401,
        "unauthenticated",
        _("Sign in first: send a valid token as 'Authorization: Bearer <token>'."),
    )


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    response = _error(request, 429, "rate_limited",
                      _("Too many requests. Please wait a moment and try again."))
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(Http404)
def on_404(request, exc):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    code = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc.message))


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exc, RequestDataTooBig):
        return _error(request, 413, "too_large", _("The request body is too large."))
    log.exception("Unhandled error in %s %s", request.method, request.path)
    return _error(request, 500, "server_error",
                  _("Something went wrong on our side. It has been logged."))


def _register_routers() -> None:
    from mpp.accounts.api import router as accounts_router
    from mpp.bookings.api import router as bookings_router
    from mpp.catalog.api import router as catalog_router
    from mpp.queueing.api import router as queue_router
    from mpp.realtime.api import router as realtime_router

    api.add_router("", accounts_router)
    api.add_router("", catalog_router)
    api.add_router("", queue_router)
    api.add_router("", realtime_router)
    api.add_router("", bookings_router)


_register_routers()
