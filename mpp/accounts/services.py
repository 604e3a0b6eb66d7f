"""Every write to accounts: staff and device users, API tokens, logins."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp.errors import Forbidden, RateLimited, Unauthenticated, raise_field_errors
from mpp.lib.client import client_ip
from mpp.rows import Loader, fetch_one

from .models import ADMIN_ROLES, AGENCY_ROLES, ApiToken, Role, User

TOKEN_PREFIX = "mpp_"


def role_scope_errors(*, role: str, site: Model | None, agency: Model | None) -> dict[str, str]:
    """What is wrong with binding `role` to `site` and `agency` (empty when it fits). Site and
    agency are the catalog's rows: accounts sit below the catalog and do not import it."""
    errors: dict[str, str] = {}
    if role and role not in Role.values:
        errors["role"] = _("Unknown role %(role)s.") % {"role": role}
        return errors
    if role and site is None:
        errors["site"] = _("Every role belongs to a site.")
    if role in AGENCY_ROLES and agency is None:
        errors["agency"] = _("This role belongs to one agency: choose it.")
    if role and role not in AGENCY_ROLES and agency is not None:
        errors["agency"] = _("This role works for the whole site: leave the agency empty.")
    if not role and agency is not None:
        errors["role"] = _("Choose a role for a user of an agency.")
    if agency is not None and site is not None and agency.site_id != site.pk:
        errors["agency"] = _("The agency is not at this site.")
    return errors


def user_create_validate(*, username: str, password: str, role: str, site: Model,
                         agency: Model | None = None, check_password: bool = True
                         ) -> dict[str, str]:
    """The errors by field `user_create` would raise for these values (empty: valid); writes
    nothing, so the back office's form checks through it and then saves once."""
    errors = role_scope_errors(role=role, site=site, agency=agency)
    username = (username or "").strip()
    if not username:
        errors["username"] = _("Username is required.")
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("This username is taken.")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as error:
            errors["password"] = " ".join(error.messages)
    return errors


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    site: Model,
    agency: Model | None = None,
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
    password_hash: str | None = None,
) -> User:
    """A staff account. `password_hash` (from `make_password`) lets a bulk load of many
    accounts with one password hash it once instead of once per account."""
    raise_field_errors(user_create_validate(username=username, password=password, role=role,
                                            site=site, agency=agency,
                                            check_password=check_password))
    username = username.strip()
    first, _sep, last = full_name.partition(" ")
    user = User(
        username=username,
        role=role,
        site=site,
        agency=agency,
        first_name=first[:150],
        last_name=last[:150],
        email=email,
        is_staff=role in ADMIN_ROLES,
    )
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    return user


_UNSET = object()


def user_update_validate(*, user: User, role: str | object = _UNSET,
                         agency: Model | None | object = _UNSET,
                         first_name: str | object = _UNSET, last_name: str | object = _UNSET,
                         email: str | object = _UNSET, is_active: bool | object = _UNSET
                         ) -> dict[str, str]:
    """The errors by field `user_update` would raise for these changes (empty: valid);
    writes nothing."""
    new_role = user.role if role is _UNSET else (role or "")
    new_agency = user.agency if agency is _UNSET else agency
    errors = {} if user.is_superuser and not new_role else role_scope_errors(
        role=new_role, site=user.site, agency=new_agency)
    texts = {"first_name": first_name, "last_name": last_name, "email": email}
    for name, value in texts.items():
        if value is _UNSET:
            continue
        if not isinstance(value, str):
            errors[name] = _("Enter text.")
        elif len(value.strip()) > User._meta.get_field(name).max_length:
            errors[name] = _("At most %(count)d characters.") % {
                "count": User._meta.get_field(name).max_length}
    if email is not _UNSET and isinstance(email, str) and email.strip():
        try:
            User._meta.get_field("email").run_validators(email.strip())
        except ValidationError as error:
            errors["email"] = " ".join(error.messages)
    if is_active is not _UNSET and not isinstance(is_active, bool):
        errors["is_active"] = _("Answer yes or no.")
    return errors


def user_update(*, user: User, role: str | object = _UNSET, agency: Model | None | object = _UNSET,
                first_name: str | object = _UNSET, last_name: str | object = _UNSET,
                email: str | object = _UNSET, is_active: bool | object = _UNSET) -> User:
    """Change a staff account: name, e-mail, role and agency (at its site), or deactivate it
    (its tokens stop working at once; its history stays). The account's username and site do
    not change. Only the fields given change."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        raise_field_errors(user_update_validate(
            user=user, role=role, agency=agency, first_name=first_name, last_name=last_name,
            email=email, is_active=is_active))
        if role is not _UNSET:
            user.role = role or ""
        if agency is not _UNSET:
            user.agency = agency
        texts = {"first_name": first_name, "last_name": last_name, "email": email}
        for name, value in texts.items():
            if value is not _UNSET:
                setattr(user, name, value.strip())
        if is_active is not _UNSET:
            user.is_active = is_active
        if not user.is_superuser:
            user.is_staff = user.role in ADMIN_ROLES
        user.save()
    return user


def user_password_validate(*, user: User, password: str) -> dict[str, str]:
    """The password rules' objections to `password` for `user`, by field (empty: none)."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return {"password": " ".join(error.messages)}
    return {}


def user_set_password(*, user: User, password: str) -> User:
    """A new password for a staff account (its owner forgot it): checked against the
    password rules first, nothing changed if it fails."""
    raise_field_errors(user_password_validate(user=user, password=password), name_field=False)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user: User, name: str = "",
                 expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the row and the token, which is never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
        digest=_digest(secret),
        expires_at=expires_at,
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


_TOKEN_SQL = """
SELECT {token_columns}, {user_columns},
       CASE WHEN t.last_used_at IS NULL OR t.last_used_at < %s THEN 1 ELSE 0 END
FROM {token} t JOIN {user} u ON u.id = t.user_id
WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active
  AND (t.expires_at IS NULL OR t.expires_at > %s)"""
_TOKEN, _USER = Loader(ApiToken), Loader(User)
_TOKEN_SQL = _TOKEN_SQL.format(
    token_columns=_TOKEN.columns("t"), user_columns=_USER.columns("u"),
    token=ApiToken._meta.db_table, user=User._meta.db_table)


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token for `secret`, its user loaded; marks its use at most once a minute.

    Every API call runs this, so it is one plain query (token and user together) rather than
    an ORM query to build each time. The token comes with its user; its `last_used_at` is
    moved to now only when this call recorded the use."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    stale = now - timedelta(seconds=settings.MPP_TOKEN_TOUCH_SECONDS)
    adapt = connection.ops.adapt_datetimefield_value
    digest = _digest(secret)
    row = fetch_one(_TOKEN_SQL, [adapt(stale), digest, adapt(now)])
    if row is None:
        return None
    token = _TOKEN.load(row)
    token.user = _USER.load(row, _TOKEN.width)
    stale_use = row[-1]
    if stale_use:
        # Conditional update: concurrent requests with one token write it once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


def login_with_password(*, request: HttpRequest, username: str,
                        password: str) -> tuple[ApiToken, str]:
    """Check a username and password (with django-axes lockout) and issue a token."""
    errors = {}
    if not username:
        errors["username"] = _("Username is required.")
    if not password:
        errors["password"] = _("Password is required.")
    raise_field_errors(errors, name_field=False)
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise RateLimited(
            _("Too many failed logins for this account. Try again in %(minutes)s minutes.")
            % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
            code="locked_out",
        )
    if user is None:
        raise Unauthenticated(_("Wrong username or password."), code="invalid_credentials")
    if not user.role and not user.is_superuser:
        raise Forbidden(_("This account has no role yet."), code="no_role")
    with transaction.atomic():
        return token_create(user=user, name=_("Login from %(ip)s") % {"ip": client_ip(request)},
                            expires_at=timezone.now() + timedelta(hours=settings.MPP_TOKEN_HOURS))


def token_rotate(*, token: ApiToken) -> tuple[ApiToken, str]:
    """A fresh token for the same user, with the same name and a new expiry as long as the
    old one had (none when it had none); the old one is revoked in the same transaction, and
    only once: two requests rotating one token at once get one new token, the other a 401."""
    now = timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)).update(revoked_at=now)
        if not revoked:
            raise Unauthenticated()
        lifetime = token.expires_at - token.created_at if token.expires_at else None
        return token_create(user=token.user, name=token.name,
                            expires_at=now + lifetime if lifetime else None)
