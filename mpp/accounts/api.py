"""Sign-in and tokens: POST /api/v1/auth/token and friends."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mpp.lib.api_auth import RoleThrottle, bearer

from . import services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    role: str
    agency: str | None = None
    site: str | None = None
    expires_at: datetime | None = None


class MeOut(Schema):
    username: str
    name: str
    role: str
    site: str | None = None
    agency: str | None = None
    token_prefix: str | None = None
    token_last_used_at: datetime | None = None
    token_expires_at: datetime | None = None


@router.post(
    "/auth/token",
    response={200: TokenOut},
    auth=None,
    throttle=[RoleThrottle(scope="login")],
    summary="Exchange a username and password for a bearer token",
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Repeated failures for one username from one address lock it for a while (429
    `locked_out`)."""
    token, secret = services.login_with_password(
        request=request, username=payload.username.strip(), password=payload.password
    )
    return _token_out(token, secret)


def _token_out(token, secret: str) -> dict:
    user = token.user
    return {
        "token": secret,
        "role": user.role or ("superuser" if user.is_superuser else ""),
        "agency": user.agency.slug if user.agency_id else None,
        "site": user.site.slug if user.site_id else None,
        "expires_at": token.expires_at,
    }


@router.post("/auth/rotate", response={200: TokenOut}, auth=bearer,
             summary="Exchange the token this request carries for a fresh one",
             description="The old token stops working at once; the new one lives as long as "
                         "the old one did (a sign-in token: MPP_TOKEN_HOURS).")
def token_rotate(request: HttpRequest):
    token, secret = services.token_rotate(token=request.api_token)
    return _token_out(token, secret)


@router.get("/auth/me", response=MeOut, auth=bearer, summary="Who this token belongs to")
def me(request: HttpRequest):
    user = request.auth
    token = request.api_token
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role or ("superuser" if user.is_superuser else ""),
        "site": user.site.slug if user.site_id else None,
        "agency": user.agency.slug if user.agency_id else None,
        "token_prefix": token.prefix,
        "token_last_used_at": token.last_used_at,
        "token_expires_at": token.expires_at,
    }


@router.post("/auth/revoke", response={204: None}, auth=bearer,
             summary="Revoke the token this request carries (sign out)")
def token_revoke(request: HttpRequest):
    services.token_revoke(token=request.api_token)
    return Status(204, None)
