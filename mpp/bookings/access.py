"""Who may see what of a booking (the bookings app's own access rules)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mpp.accounts.models import Role
from mpp.errors import Forbidden, Unauthenticated

from .models import Booking


def can_see_booking_name(user, booking: Booking) -> bool:
    """The citizen's full name: the site's front desk and admins, the staff of the service's
    agency, and the integrator that made the booking. Anyone else with the code sees it
    masked."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.site_id != booking.site_id:
        return False
    if user.role in (Role.MALL_ADMIN, Role.FRONT_DESK):
        return True
    if user.role in (Role.AGENCY_ADMIN, Role.OFFICER):
        return user.agency_id == booking.service.agency_id
    if user.role == Role.INTEGRATOR:
        return booking.integrator_id == user.pk
    return False


CHECK_IN_ROLES = (Role.KIOSK, Role.FRONT_DESK, Role.MALL_ADMIN)


def check_can_check_in(user, booking: Booking) -> None:
    """Checking a booking in is done in the building: the site's kiosks and front desk (and
    its admin), never an outside app, which could otherwise put a citizen who is not there
    in the appointment lane."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise Unauthenticated()
    if user.is_superuser:
        return
    if user.site_id != booking.site_id:
        raise Forbidden(_("You do not work at this site."))
    if user.role not in CHECK_IN_ROLES:
        raise Forbidden(_("Only a kiosk or the front desk checks bookings in."))
