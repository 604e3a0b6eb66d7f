"""A Redis cache that degrades to this process's memory when Redis cannot be reached.

Rate limits, lockout counters and the catalog's rendered lists live in the cache. With
several workers they must be shared (Redis), but Redis must not be a single point of
failure: when it stops answering, every request would otherwise fail. `FallbackRedisCache`
sends each operation to Redis; on a connection error or a timeout it logs once, answers
from a per-process local-memory cache for `RETRY_SECONDS`, then tries Redis again. Limits
are then counted per process (a little looser, never off) until Redis is back.
`cache_status()` tells the health check which of the two is in use.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("mpp.cache")

RETRY_SECONDS = 5.0
# Redis answers in well under a millisecond on the LAN; a request must not wait on a dead one.
SOCKET_TIMEOUT = 0.5

_OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "decr",
               "set_many", "delete_many", "clear")


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class FallbackRedisCache(BaseCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        self._redis = RedisCache(server, {**params, "OPTIONS": options})
        self._local = LocMemCache(f"mpp-fallback-{id(self)}", params)
        self._errors = _unreachable_errors()
        self._lock = threading.Lock()
        self._down_until = 0.0
        self.degraded_since: float | None = None

    @property
    def degraded(self) -> bool:
        return self.degraded_since is not None

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(self._redis, name)(*args, **kwargs)
            except self._errors as exc:
                self._went_down(exc)
            else:
                if self.degraded_since is not None:
                    self._came_back()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    def _went_down(self, exc: BaseException) -> None:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_SECONDS
            if self.degraded_since is None:
                self.degraded_since = time.time()
                log.warning("Redis cannot be reached (%s): limits and cache are per process "
                            "until it answers again", exc)

    def _came_back(self) -> None:
        with self._lock:
            if self.degraded_since is not None:
                self.degraded_since = None
                log.warning("Redis answers again: limits and cache are shared once more")

    def close(self, **kwargs: Any) -> None:
        self._redis.close(**kwargs)


def _make(name: str):
    def operation(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    return operation


for _name in _OPERATIONS:
    setattr(FallbackRedisCache, _name, _make(_name))


def cache_status() -> str:
    """'redis', 'degraded' (Redis configured, not answering: per-process memory) or 'local'
    (no Redis configured: per-process memory by design)."""
    cache = caches["default"]
    if isinstance(cache, FallbackRedisCache):
        try:
            cache.get("mpp:health")
        except Exception:  # noqa: BLE001 - the status is the answer, whatever went wrong
            return "degraded"
        return "degraded" if cache.degraded else "redis"
    if isinstance(cache, RedisCache):
        return "redis"
    return "local"
