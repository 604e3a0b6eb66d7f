"""The JSON API at /api/v1/ (contract: shared/api-v1.md): the one place that builds the
`NinjaAPI` and mounts the apps' routers. What the routers share (bearer auth, rate limits) is
in `mpp/lib/api_auth.py`, the contract's error body in `mpp/lib/api_errors.py`; no app
imports this module."""

from __future__ import annotations

from ninja import NinjaAPI

from mpp.accounts.api import router as accounts_router
from mpp.applications.api import router as applications_router
from mpp.bookings.api import router as bookings_router
from mpp.catalog.api import router as catalog_router
from mpp.feedback.api import router as feedback_router
from mpp.lib.api_auth import RoleThrottle
from mpp.lib.api_errors import errors_install
from mpp.queueing.api import router as queue_router
from mpp.realtime.api import router as realtime_router
from mpp.reporting.api import router as reporting_router

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
errors_install(api)

# The order of the routers is the order of the OpenAPI document's sections.
api.add_router("", accounts_router)
api.add_router("", catalog_router)
api.add_router("", queue_router)
api.add_router("", realtime_router)
api.add_router("", bookings_router)
api.add_router("", applications_router)
api.add_router("", feedback_router)
api.add_router("", reporting_router)
