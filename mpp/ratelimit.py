"""Fixed-window rate limits in Django's cache (local memory per process, shared across workers
when REDIS_URL is set). The API's throttle and the citizens' web forms count the same way, in
the scopes of settings.MPP_RATE_LIMITS."""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mpp.errors import RateLimited
from mpp.lib.client import client_ip


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def _window(scope: str, ident: str) -> tuple[str, int, int, float]:
    limit, window = parse_rate(settings.MPP_RATE_LIMITS[scope])
    now = time.time()
    digest = hashlib.blake2s(ident.encode("utf-8", "replace"), digest_size=12).hexdigest()
    return f"rl:{scope}:{digest}:{int(now // window)}", limit, window, now


def take(scope: str, ident: str) -> float | None:
    """Count one request; None when allowed, else the seconds until the window resets."""
    key, limit, window, now = _window(scope, ident)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return window - (now % window)
    return None


def exhausted(scope: str, ident: str) -> float | None:
    """Like `take` without counting: the seconds until the window resets when its limit is
    already used up, else None (for limits that count failures only)."""
    key, limit, window, now = _window(scope, ident)
    if (cache.get(key) or 0) >= limit:
        return window - (now % window)
    return None


GUESS_SCOPES = ("nik_code", "nik_client")


def guesses_check(*, code: str, client: str, message: str) -> None:
    """Before a NIK given with a code is compared: RateLimited (429 `too_many_attempts`, with
    `message` and its "%(minutes)s") when the code or the client used up its failures
    (MPP_RATE_LIMITS["nik_code"], ["nik_client"]), known code or not. The one door of every
    operation that takes a NIK with a code (bookings, applications; docs/limits.md)."""
    for scope, key in zip(GUESS_SCOPES, (code, client), strict=True):
        wait = exhausted(scope, key)
        if wait is not None:
            raise RateLimited(message % {"minutes": int(wait // 60) + 1},
                              code="too_many_attempts", extra={"retry_after": int(wait) + 1})


def guesses_fail(*, code: str, client: str) -> None:
    """Count a wrong NIK (or an unknown code) against the code and the client."""
    for scope, key in zip(GUESS_SCOPES, (code, client), strict=True):
        take(scope, key)


def client_address(request: HttpRequest) -> str:
    """The client's address, as the trusted proxies report it (mpp/lib/client.py)."""
    return client_ip(request)


def browser_key(request: HttpRequest) -> str:
    """The address and, when the browser sent one, its session or CSRF cookie: many citizens
    behind one address (an MPP's Wi-Fi, a mobile carrier) do not share one budget. A client
    can drop its cookies, so every limit keyed on this has a per-address ceiling as well."""
    cookie = (request.COOKIES.get(settings.SESSION_COOKIE_NAME)
              or request.COOKIES.get(settings.CSRF_COOKIE_NAME) or "")
    return f"{client_ip(request)}|{cookie[:64]}"


def limit_citizen_requests(view=None, *, every_request: bool = False):
    """Citizens' pages that write, or look a booking up by its code, count against
    MPP_RATE_LIMITS["public_pages"] per browser (and "public_pages_address" per address), so that nobody books a day's places away or
    guesses codes by the thousand: POSTs and `?kode=` lookups, or every request of a view
    with `every_request=True` (a booking's own page, reached by its code)."""
    if view is None:
        return lambda view: limit_citizen_requests(view, every_request=every_request)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if every_request or request.method == "POST" or "kode" in request.GET:
            wait = (take("public_pages_address", client_address(request))
                    or take("public_pages", browser_key(request)))
            if wait is not None:
                response = render(request, "web/rate_limited.html",
                                  {"retry_after": int(wait) + 1}, status=429)
                response["Retry-After"] = str(int(wait) + 1)
                return response
        return view(request, *args, **kwargs)

    return wrapped
