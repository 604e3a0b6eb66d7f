"""The contract's error body, `{"error": {"code", "message", "fields"}}`, for every failure
the JSON API can answer: `errors_install(api)` registers the handlers on a `NinjaAPI`."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from mpp.errors import DomainError, Invalid

log = logging.getLogger("mpp.api")

HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large"}


def field_name(loc) -> str:
    """The top-level field an error is about: ('body', 'payload', 'channels', 0) -> channels."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # drop "body" and the handler's parameter name
    elif parts and parts[0] in ("query", "path", "form", "file", "header", "cookie"):
        parts = parts[1:]
    return str(parts[0]) if parts else "body"


def errors_install(api: NinjaAPI) -> None:
    """Answer every error of `api` with the contract's body."""

    def error(request, status: int, code: str, message: str, fields: dict | None = None):
        body = {"code": code, "message": str(message)}
        if fields:
            body["fields"] = fields
        return api.create_response(request, {"error": body}, status=status)

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc: DomainError):
        response = api.create_response(request, exc.as_dict(), status=exc.status)
        if exc.status == 429 and exc.extra.get("retry_after"):
            response["Retry-After"] = str(int(exc.extra["retry_after"]))
        return response

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc: NinjaValidationError):
        fields = {}
        for item in exc.errors:
            name = field_name(item.get("loc", ()))
            kind = item.get("type", "")
            if kind == "missing":
                message = _("This field is required.")
            elif kind == "json_invalid":
                return error(request, 400, "bad_request", _("The body is not valid JSON."))
            else:
                message = item.get("msg", _("Invalid value."))
            fields.setdefault(name, str(message))
        if not fields:
            return error(request, 400, "bad_request", _("The request could not be read."))
        return on_domain_error(request, Invalid.for_fields(fields))

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return error(
            request,
            401,
            "unauthenticated",
            _("Sign in first: send a valid token as 'Authorization: Bearer <token>'."),
        )

    @api.exception_handler(Throttled)
    def on_throttled(request, exc: Throttled):
        response = error(request, 429, "rate_limited",
                         _("Too many requests. Please wait a moment and try again."))
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return error(request, 404, "not_found", _("Not found."))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        code = HTTP_CODES.get(exc.status_code, "error")
        return error(request, exc.status_code, code, str(exc.message))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        if isinstance(exc, RequestDataTooBig):
            return error(request, 413, "too_large", _("The request body is too large."))
        if isinstance(exc, OperationalError):
            # the database is unreachable, or every connection of the pool stayed busy
            log.warning("Database unavailable in %s %s: %s", request.method, request.path, exc)
            response = error(request, 503, "unavailable",
                             _("The service is busy. Try again in a moment."))
            response["Retry-After"] = "5"
            return response
        log.exception("Unhandled error in %s %s", request.method, request.path)
        return error(request, 500, "server_error",
                     _("Something went wrong on our side. It has been logged."))
