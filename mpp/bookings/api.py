"""Bookings (contract: "Bookings", and check-in under "Tickets and the queue").

Public endpoints; a city app may send its `integrator` token: the booking then records the
integrator channel and which app made it, and the app's own rate limit applies (RoleThrottle
in mpp/lib/api_auth.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from mpp.catalog.access import access_service, access_site
from mpp.errors import Invalid, NotFound, Unauthenticated
from mpp.lib.api_auth import bearer, optional_user
from mpp.lib.client import client_ip
from mpp.lib.codes import code_qr_svg
from mpp.lib.phone import phone_mask
from mpp.lib.privacy import name_mask
from mpp.queueing.access import access_ticket_issuer
from mpp.queueing.schemas import TicketOut, ticket_out
from mpp.web.idempotency import idempotent

from . import selectors, services
from .access import can_see_booking_name
from .models import Booking, Channel

router = Router(tags=["bookings"])

CHANNEL_BY_ROLE = {"integrator": Channel.INTEGRATOR, "kiosk": Channel.KIOSK,
                   "front_desk": Channel.FRONT_DESK}

ERROR_EXAMPLES = {
    "quota_full": {"error": {
        "code": "quota_full", "message": "The 08:00 slot of 2026-11-25 is full.",
        "fields": {"slot": "This slot is full."},
        "suggestions": [{"date": "2026-11-25", "start": "08:30", "end": "09:00",
                         "remaining": 3}]}},
    "duplicate_booking": {"error": {
        "code": "duplicate_booking",
        "message": "This NIK already has a booking for Penerbitan KTP-el Baru on 2026-11-25.",
        "fields": {"nik": "Already booked for this service that day."}}},
    "invalid_nik": {"error": {
        "code": "invalid", "message": "nik: The NIK has 16 digits; this one has 15.",
        "fields": {"nik": "The NIK has 16 digits; this one has 15."}}},
    "too_early": {"error": {
        "code": "too_early",
        "message": "Too early: check-in for the 10:00 slot on 2026-11-25 opens at 09:30 and "
                   "closes at 10:15.",
        "check_in_from": "2026-11-25T09:30:00+07:00",
        "check_in_until": "2026-11-25T10:15:00+07:00"}},
}


def _json_examples(*pairs) -> dict:
    return {"content": {"application/json": {"examples": {
        name: {"value": ERROR_EXAMPLES[name]} for name in pairs}}}}


class SlotOut(Schema):
    start: str = Field(..., examples=["08:00"])
    end: str = Field(..., examples=["08:30"])
    remaining: int = Field(..., examples=[4])


class AvailabilityOut(Schema):
    date: str = Field(..., examples=["2026-11-25"])
    open: bool
    slots: list[SlotOut]


class AvailabilityQuery(Schema):
    date: str = Field(..., description="YYYY-MM-DD in the site's calendar",
                      examples=["2026-11-25"])


class BookingIn(Schema):
    service: str = Field(..., max_length=50, examples=["ktp-el-baru"])
    date: str = Field(..., max_length=10, examples=["2026-11-25"])
    slot: str = Field(..., max_length=5, description="The slot's start, HH:MM",
                      examples=["08:00"])
    name: str = Field(..., max_length=200, examples=["Siti Rahmawati"])
    nik: str = Field(..., max_length=32, examples=["3201014107900001"])
    phone: str = Field(..., max_length=32, examples=["0812-3456-7890"])
    email: str | None = Field(None, max_length=254, examples=["siti@example.id"])


class BookingOut(Schema):
    code: str = Field(..., examples=["K7QX3MZA"])
    service: str = Field(..., examples=["ktp-el-baru"])
    date: str = Field(..., examples=["2026-11-25"])
    slot: str = Field(..., examples=["08:00"])
    status: str = Field(..., examples=["confirmed"])
    nik_masked: str = Field(..., examples=["3201********0001"])
    slot_end: str = Field(..., examples=["08:30"])
    site: str = Field(..., examples=["tangerang"])
    service_name: str = Field(..., examples=["Penerbitan KTP-el Baru"])
    agency: str = Field(..., examples=["disdukcapil"])
    name: str = Field(..., examples=["Siti Rahmawati"])
    phone_masked: str = Field(..., examples=["+62812*****890"])
    channel: str = Field(..., examples=["portal"])
    check_in_from: str = Field(..., examples=["2026-11-25T07:30:00+07:00"])
    check_in_until: str = Field(..., examples=["2026-11-25T08:15:00+07:00"])
    ticket: str | None = Field(None, description="The ticket id once checked in")
    qr: str = Field(..., description="Path of the code's QR (SVG)",
                    examples=["/api/v1/bookings/K7QX3MZA/qr.svg"])


class CancelIn(Schema):
    nik: str = Field(..., max_length=32, examples=["3201014107900001"])


class RescheduleIn(Schema):
    nik: str = Field(..., max_length=32, examples=["3201014107900001"])
    date: str = Field(..., max_length=10, examples=["2026-11-26"])
    slot: str = Field(..., max_length=5, examples=["09:00"])


class CheckInIn(Schema):
    booking_code: str = Field(..., max_length=32, examples=["K7QX-3MZA"])


def booking_out(booking: Booking, *, viewer=None) -> dict:
    """The booking as the contract shows it: NIK and phone masked always, the name masked
    unless `viewer` is the site's own staff (front desk, admins, the service's agency)."""
    opens, closes = selectors.checkin_window(booking=booking)
    zone = selectors.site_zone(booking.site)
    return {
        "code": booking.code, "service": booking.service.code,
        "date": booking.date.isoformat(), "slot": booking.slot_start.strftime("%H:%M"),
        "status": booking.status, "nik_masked": booking.nik_masked,
        "slot_end": booking.slot_end.strftime("%H:%M"), "site": booking.site.slug,
        "service_name": booking.service.name, "agency": booking.service.agency.slug,
        "name": booking.name if can_see_booking_name(viewer, booking) else name_mask(booking.name),
        "phone_masked": phone_mask(booking.phone),
        "channel": booking.channel,
        "check_in_from": opens.astimezone(zone).isoformat(),
        "check_in_until": closes.astimezone(zone).isoformat(),
        "ticket": booking.ticket.public_id if booking.ticket_id else None,
        "qr": f"/api/v1/bookings/{booking.code}/qr.svg",
    }


def _booking(code: str, field: str = "code") -> Booking:
    booking = selectors.booking_by_code(code=code)
    if booking is None:
        message = _("No booking has the code %(code)s: check it and type it again.") % {
            "code": code[:32]}
        raise NotFound(message, code="unknown_booking", fields={field: message})
    return booking


def _citizen_channel(request) -> tuple[str, object | None]:
    """The channel of a public booking request: a token, when sent, must be valid."""
    user = optional_user(request)
    if user is None:
        if request.headers.get("Authorization"):
            raise Unauthenticated()
        return Channel.PORTAL, None
    return CHANNEL_BY_ROLE.get(user.role, Channel.FRONT_DESK), user


@router.get("/sites/{site}/services/{service}/availability", response=AvailabilityOut,
            auth=None, summary="Slots of a day with the places still free",
            description="`open` is false (no slots) when the service takes no bookings that "
                        "day: not bookable, the agency or the MPP closed, past, or beyond the "
                        "booking horizon. A slot past its booking cut-off has remaining 0.")
def availability(request: HttpRequest, site: str, service: str,
                 query: Query[AvailabilityQuery]):
    site_obj = access_site(site)
    service_obj = access_service(None, site_obj, service)
    errors: dict[str, str] = {}
    day = services.date_clean(value=query.date, errors=errors)
    if errors:
        raise Invalid.for_fields(errors)
    return selectors.availability(service=service_obj, day=day)


@router.post("/sites/{site}/bookings", response={201: BookingOut}, auth=None,
             summary="Book a slot (public; an integrator token is optional)",
             description="409 `quota_full` (with `suggestions`: the next free slots) or "
                         "`duplicate_booking`; 422 naming the field for an invalid NIK, phone "
                         "or e-mail, a past date, beyond the horizon, a closed day or a slot "
                         "past its cut-off.",
             openapi_extra={"responses": {
                 "409": {"description": "Full or duplicate",
                         **_json_examples("quota_full", "duplicate_booking")},
                 "422": {"description": "Invalid field", **_json_examples("invalid_nik")}}})
@idempotent
def booking_create(request: HttpRequest, site: str, payload: BookingIn):
    channel, user = _citizen_channel(request)
    site_obj = access_site(site)
    try:
        service = access_service(None, site_obj, payload.service)
    except NotFound as error:
        raise Invalid(f"service: {error.message}", fields={"service": error.message}) from None
    booking = services.booking_create(
        service=service, date=payload.date, slot=payload.slot, name=payload.name,
        nik=payload.nik, phone=payload.phone, email=payload.email, channel=channel, actor=user)
    return Status(201, booking_out(booking))


@router.get("/bookings/{code}", response=BookingOut, auth=None,
            summary="A booking by its code (NIK, phone and, but for the site's staff, name masked)")
def booking_detail(request: HttpRequest, code: str):
    return booking_out(_booking(code), viewer=optional_user(request))


@router.get("/bookings/{code}/qr.svg", auth=None, summary="The booking code as a QR (SVG)",
            openapi_extra={"responses": {"200": {"description": "SVG image",
                                                 "content": {"image/svg+xml": {}}}}})
def booking_qr(request: HttpRequest, code: str):
    booking = _booking(code)
    response = HttpResponse(code_qr_svg(booking.code), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@router.post("/bookings/{code}/cancel", response=BookingOut, auth=None,
             summary="Cancel with the NIK it was made with; the place is free at once",
             description="A wrong NIK gets the same 404 as an unknown code; a few wrong "
                         "attempts lock the code for a while (429 `too_many_attempts`).")
def booking_cancel(request: HttpRequest, code: str, payload: CancelIn):
    user = optional_user(request)
    return booking_out(services.booking_cancel(code=code, nik=payload.nik,
                                               client=client_ip(request), actor=user))


@router.post("/bookings/{code}/reschedule", response=BookingOut, auth=None,
             summary="Move a confirmed booking to another date or slot (same service)",
             description="The old place is freed and the new one taken at once; 409 "
                         "`quota_full` with suggestions leaves the booking as it was.",
             openapi_extra={"responses": {"409": {"description": "Full",
                                                  **_json_examples("quota_full")}}})
def booking_reschedule(request: HttpRequest, code: str, payload: RescheduleIn):
    user = optional_user(request)
    return booking_out(services.booking_reschedule(
        code=code, nik=payload.nik, date=payload.date, slot=payload.slot,
        client=client_ip(request), actor=user))


@router.post("/sites/{site}/check-in", response={201: TicketOut}, auth=bearer,
             summary="Check a booking in: a ticket called ahead of walk-ins (kiosk, front desk)",
             description="409 `too_early` / `too_late` with `check_in_from` and "
                         "`check_in_until`; 409 `already_checked_in`. With the late policy "
                         "`walk_in` a late booking gets a regular walk-in ticket instead.",
             openapi_extra={"responses": {"409": {"description": "Outside the window",
                                                  **_json_examples("too_early")}}})
@idempotent
def check_in(request: HttpRequest, site: str, payload: CheckInIn):
    site_obj = access_site(site)
    user = access_ticket_issuer(request.auth, site_obj)
    booking = _booking(payload.booking_code, field="booking_code")
    if booking.site_id != site_obj.pk:
        message = _("This booking is for another MPP.")
        raise NotFound(message, code="unknown_booking", fields={"booking_code": message})
    ticket = services.booking_check_in(booking=booking, actor=user)
    return Status(201, ticket_out(ticket))
