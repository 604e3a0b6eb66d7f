"""`Idempotency-Key` on the API's creating endpoints (ticket issue, check-in, booking).

A kiosk on a flaky network sends "issue a ticket", the ticket is made, the answer is lost, the
kiosk sends again: without a key that is a second ticket and a citizen with two numbers. With
`Idempotency-Key: <anything unique, up to 100 characters>` the second request gets the first
one's answer (same status and body, header `Idempotent-Replayed: true`) and nothing is made
twice; the key is remembered for MPP_IDEMPOTENCY_HOURS (24). Per caller: a token's keys are
its own; without a token, the client address's.

- The same key with another body: 422 `idempotency_key_reused` (a client bug, not a retry).
- The same key while the first request still runs: 409 `idempotency_in_progress` (retry).
- Only successful answers are kept: a refused request wrote nothing, so running it again is
  safe and may now succeed (a quota freed, a counter opened).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import random
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from mpp.errors import Conflict, Invalid
from mpp.lib.client import client_ip

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_MAX = 100
ABANDONED = timedelta(seconds=90)  # a first request that died (worker killed) frees its key


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "replace"))
        h.update(b"\0")
    return h.hexdigest()


def _check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isprintable() or not key.isascii():
        message = _("Send at most %(max)s printable characters as the Idempotency-Key.") % {
            "max": KEY_MAX}
        raise Invalid(message, fields={HEADER: message})
    return key


def _claim(scope: str, fingerprint: str) -> IdempotentRequest | None:
    """Take the key (None when taken now), or the row of the request that took it."""
    now = timezone.now()
    if random.random() < 0.01:  # forget old keys now and then; an index on created_at
        IdempotentRequest.objects.filter(
            created_at__lt=now - timedelta(hours=settings.MPP_IDEMPOTENCY_HOURS)).delete()
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(scope=scope, fingerprint=fingerprint,
                                             created_at=now)
        return None
    except IntegrityError:
        pass
    # abandoned by a first request that never finished: take it over, once
    if IdempotentRequest.objects.filter(scope=scope, status__isnull=True,
                                        created_at__lt=now - ABANDONED).update(
            created_at=now, fingerprint=fingerprint):
        return None
    return IdempotentRequest.objects.filter(scope=scope).first()


def _replay(record: IdempotentRequest, fingerprint: str) -> JsonResponse:
    if record.fingerprint != fingerprint:
        message = _("This Idempotency-Key was already used for another request.")
        raise Invalid(message, code="idempotency_key_reused", fields={HEADER: message})
    if record.status is None:
        raise Conflict(_("The first request with this Idempotency-Key is still running: "
                         "try again in a moment."), code="idempotency_in_progress")
    response = JsonResponse(record.body, status=record.status, safe=False)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view):
    """Decorate a django-ninja operation (below the router's decorator)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        key = _check_key(key)
        caller = request.headers.get("Authorization") or f"ip:{client_ip(request)}"
        scope = _digest(caller, request.method, request.path, key)
        fingerprint = _digest(request.body)
        record = _claim(scope, fingerprint)
        if record is not None:
            return _replay(record, fingerprint)
        try:
            result = view(request, *args, **kwargs)
        except BaseException:
            IdempotentRequest.objects.filter(scope=scope, status__isnull=True).delete()
            raise
        status, body = ((result.status_code, result.value) if isinstance(result, Status)
                        else (200, result))
        IdempotentRequest.objects.filter(scope=scope).update(
            status=status, body=json.loads(json.dumps(body, cls=DjangoJSONEncoder)))
        return result

    # django-ninja reads the operation's parameters from its signature, resolving string
    # annotations in the function's own module: hand it the resolved one.
    wrapped.__signature__ = inspect.signature(view, eval_str=True)
    return wrapped
