"""`GET /api/v1/sites/{site}/events`: the live event stream of a site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from mpp.catalog import access
from mpp.errors import BadRequest

from .streams import stream_response

router = Router(tags=["Live display"])


@router.get(
    "/sites/{site}/events", auth=None, response={200: None},
    summary="Server-sent events of the site's queue (text/event-stream)",
    description=(
        "Each event has an `id:` that increases per site with no gaps, an `event:` name "
        "(`ticket.issued`, `ticket.called`, `ticket.recalled`, `ticket.started`, "
        "`ticket.finished`, `ticket.no_show`, `ticket.cancelled`, `ticket.transferred`, "
        "`counter.opened`, `counter.closed`) and JSON `data:`. Reconnect with the "
        "`Last-Event-ID` header (browsers do it by themselves) or `?last_event_id=` to receive "
        "every event after that id first."
    ),
)
def site_events(request: HttpRequest, site: str, last_event_id: str | None = None):
    site_obj = access.access_site(site)
    raw = request.headers.get("Last-Event-ID") or last_event_id
    last_id = None
    if raw not in (None, ""):
        try:
            last_id = int(raw)
            if last_id < 0:
                raise ValueError
        except ValueError:
            raise BadRequest(_("Last-Event-ID must be a whole number of 0 or more."),
                             code="bad_request",
                             fields={"Last-Event-ID": _("Not a valid id.")}) from None
    return stream_response(site_id=site_obj.pk, last_id=last_id)
