from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mpp.catalog.selectors import site_list
from mpp.lib.cache import cache_status
from mpp.notifications.selectors import worker_last_seen
from mpp.realtime.hub import hub

WORKER_LATE_SECONDS = 180  # the scheduler claims a period at least every minute


def home(request: HttpRequest) -> HttpResponse:
    sites = list(site_list())
    if len(sites) == 1:
        return redirect("catalog:site", site=sites[0].slug)
    return render(request, "web/home.html", {"sites": sites})


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and the operator: 200 while the database answers (the cache
    degraded to per-process memory is reported, not fatal), 503 when it does not."""
    checks: dict[str, object] = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"status": "ok", "engine": connection.vendor}
    except DatabaseError as exc:
        status = 503
        checks["database"] = {"status": "down", "engine": connection.vendor,
                              "error": exc.__class__.__name__}
    cache = cache_status()
    checks["cache"] = {"status": "ok" if cache != "degraded" else "degraded", "backend": cache}
    checks["events"] = {"status": hub.status()}
    if status == 200:
        seen = worker_last_seen()
        age = None if seen is None else max(0, int((timezone.now() - seen).total_seconds()))
        worker = "never" if age is None else ("ok" if age <= WORKER_LATE_SECONDS else "late")
        checks["worker"] = {"status": worker, "last_seen_seconds_ago": age}
    overall = "down" if status != 200 else (
        "degraded" if checks["cache"]["status"] == "degraded" else "ok")
    return JsonResponse({"status": overall, "database": connection.vendor, "checks": checks},
                        status=status)
