"""Tickets and the queue (contract: "Tickets and the queue", "Live display")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mpp.catalog.calendar import site_today
from mpp.lib.api_auth import bearer
from mpp.web.idempotency import idempotent

from . import access, printing, selectors, services
from .models import Lane, Source
from .schemas import PublicTicketOut, TicketOut, ticket_out

router = Router(tags=["queue"])


class TicketIn(Schema):
    service: str
    priority: Literal["regular", "priority"] = "regular"


class TransferIn(Schema):
    service: str


class CounterStateOut(Schema):
    code: str
    open: bool


class CallOut(Schema):
    number: str
    counter: str
    agency: str
    at: datetime


class DisplayOut(Schema):
    calls: list[CallOut]
    waiting: dict[str, int]


SOURCES = {"kiosk": Source.KIOSK, "front_desk": Source.FRONT_DESK,
           "integrator": Source.INTEGRATOR}


@router.post("/sites/{site}/tickets", response={201: TicketOut}, auth=bearer,
             summary="Issue a walk-in ticket (kiosk, front desk, integrator)")
@idempotent
def ticket_issue(request: HttpRequest, site: str, payload: TicketIn):
    site_obj = access.access_site(site)
    user = access.access_ticket_issuer(request.auth, site_obj)
    service = access.access_service(None, site_obj, payload.service)
    lane = Lane.PRIORITY if payload.priority == "priority" else Lane.REGULAR
    ticket = services.ticket_issue(service=service, lane=lane,
                                   source=SOURCES.get(user.role, Source.STAFF), actor=user)
    return Status(201, ticket_out(ticket))


@router.get("/tickets/{ticket_id}", response=PublicTicketOut, auth=None,
            summary="A ticket's status, position and estimate (no personal data)")
def ticket_detail(request: HttpRequest, ticket_id: str):
    return ticket_out(access.access_ticket(None, ticket_id))


def _counter_state(request, site: str, counter: str, is_open: bool):
    counter_obj = access.access_site_counter(request.auth, site, counter, operate=True)
    services.counter_set_open(counter=counter_obj, is_open=is_open, actor=request.auth)
    return {"code": counter_obj.code, "open": is_open}


@router.post("/sites/{site}/counters/{counter}/open", response=CounterStateOut, auth=bearer,
             summary="Open a counter")
def counter_open(request: HttpRequest, site: str, counter: str):
    return _counter_state(request, site, counter, True)


@router.post("/sites/{site}/counters/{counter}/close", response=CounterStateOut, auth=bearer,
             summary="Close a counter (a closed counter calls nothing)")
def counter_close(request: HttpRequest, site: str, counter: str):
    return _counter_state(request, site, counter, False)


@router.post("/sites/{site}/counters/{counter}/call-next", response={200: TicketOut, 204: None},
             auth=bearer, summary="Call the next ticket for what this counter serves")
def counter_call_next(request: HttpRequest, site: str, counter: str):
    counter_obj = access.access_site_counter(request.auth, site, counter, operate=True)
    ticket = services.ticket_call_next(counter=counter_obj, actor=request.auth)
    if ticket is None:
        return Status(204, None)
    return ticket_out(ticket)


def _act(request, ticket_id: str, service) -> dict:
    ticket = access.access_ticket(request.auth, ticket_id, operate=True)
    return ticket_out(service(ticket=ticket, actor=request.auth))


@router.post("/tickets/{ticket_id}/recall", response=TicketOut, auth=bearer)
def ticket_recall(request: HttpRequest, ticket_id: str):
    return _act(request, ticket_id, services.ticket_recall)


@router.post("/tickets/{ticket_id}/start", response=TicketOut, auth=bearer)
def ticket_start(request: HttpRequest, ticket_id: str):
    return _act(request, ticket_id, services.ticket_start)


@router.post("/tickets/{ticket_id}/finish", response=TicketOut, auth=bearer)
def ticket_finish(request: HttpRequest, ticket_id: str):
    return _act(request, ticket_id, services.ticket_finish)


@router.post("/tickets/{ticket_id}/no-show", response=TicketOut, auth=bearer)
def ticket_no_show(request: HttpRequest, ticket_id: str):
    return _act(request, ticket_id, services.ticket_mark_no_show)


@router.post("/tickets/{ticket_id}/cancel", response=TicketOut, auth=bearer)
def ticket_cancel(request: HttpRequest, ticket_id: str):
    return _act(request, ticket_id, services.ticket_cancel)


@router.post("/tickets/{ticket_id}/transfer", response=TicketOut, auth=bearer,
             summary="Move the ticket to another service's queue (another agency's too)")
def ticket_transfer(request: HttpRequest, ticket_id: str, payload: TransferIn):
    ticket = access.access_ticket(request.auth, ticket_id, operate=True)
    target = access.access_service(None, ticket.site, payload.service)
    return ticket_out(services.ticket_transfer(ticket=ticket, to_service=target,
                                               actor=request.auth))


@router.get("/sites/{site}/display", response=DisplayOut, auth=None,
            summary="The latest calls (newest first) and how many wait per service")
def display(request: HttpRequest, site: str):
    site_obj = access.access_site(site)
    return selectors.display_board(site=site_obj, day=site_today(site_obj))


class PrintedOut(Schema):
    printed: bool


@router.post("/tickets/{ticket_id}/print", response=PrintedOut, auth=bearer,
             summary="Print a ticket on the calling kiosk's thermal printer (kiosk token)",
             description="Any kiosk of the ticket's site. 409 `printer_unavailable` (with "
                         "`\"fallback\": \"browser\"`) when the kiosk has no thermal printer or "
                         "it does not answer: the ticket exists; print it from the browser.")
def ticket_print(request: HttpRequest, ticket_id: str):
    ticket = access.access_ticket_for_kiosk(request.auth, ticket_id)
    public_url = request.build_absolute_uri(printing.ticket_public_path(ticket))
    printing.ticket_print_for_kiosk(ticket=ticket, kiosk=request.auth, public_url=public_url)
    return {"printed": True}
