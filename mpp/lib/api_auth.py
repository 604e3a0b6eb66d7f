"""What every router of the JSON API shares: bearer-token auth and the rate limits.

Routers import from here (`auth=bearer`, `optional_user(request)`, `RoleThrottle`); nothing
here imports a router. The `NinjaAPI` itself, with the contract's error body, is built in
`mpp/api.py`, the one place that mounts the apps' routers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from mpp.accounts.services import token_authenticate
from mpp.lib.client import client_ip
from mpp.ratelimit import take


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; sets request.user to the token's user."""

    openapi_description = "A token from POST /api/v1/auth/token, or one issued in the back office."

    def authenticate(self, request: HttpRequest, token: str):
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
