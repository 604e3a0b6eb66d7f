"""Booking a slot: every rule of booking_create, cancel and reschedule, and nothing stored
when a rule is broken."""

from datetime import date

import pytest

from mpp.bookings import selectors, services
from mpp.bookings.models import Booking, BookingEvent, SlotTally
from mpp.catalog import services as catalog
from mpp.errors import Conflict, Invalid, NotFound

from .conftest import AGUS, SITI, WEDNESDAY

pytestmark = pytest.mark.django_db


def test_siti_books_a_slot(mall, clock, book):
    booking = book()
    assert booking.status == "confirmed" and booking.channel == "portal"
    assert len(booking.code) == 8
    assert booking.nik_masked == "3201********0001"
    assert booking.phone == "+6281234567890"
    assert booking.starts_at.isoformat() == "2026-11-25T08:00:00+07:00"
    assert str(booking.slot_end) == "08:30:00"
    # The NIK is nowhere at rest, in the booking or its event.
    row = Booking.objects.filter(pk=booking.pk).values().get()
    assert SITI not in str(row)
    assert SITI not in str(list(BookingEvent.objects.values()))
    slots = selectors.availability(service=mall.ktp, day=date(2026, 11, 25))["slots"]
    assert slots[0] == {"start": "08:00", "end": "08:30", "remaining": 4}


def test_availability_follows_agency_hours_and_cut_off(mall, clock):
    today = selectors.availability(service=mall.ktp, day=date(2026, 11, 24))
    assert today["open"] is True
    starts = [s["start"] for s in today["slots"]]
    assert starts[0] == "08:00" and starts[-1] == "14:30"  # Disdukcapil closes at 15:00
    remaining = {s["start"]: s["remaining"] for s in today["slots"]}
    assert remaining["10:00"] == 0 and remaining["10:30"] == 5  # 60-minute cut-off at 09:00
    assert selectors.availability(service=mall.ktp, day=date(2026, 11, 28))["open"] is False  # Saturday
    assert selectors.availability(service=mall.kk, day=date(2026, 11, 25)) == {
        "date": "2026-11-25", "open": False, "slots": []}  # kk is not bookable


@pytest.mark.parametrize("overrides, field", [
    ({"nik": "32010141079OOOO1"}, "nik"),
    ({"nik": "320101410790001"}, "nik"),
    ({"nik": "3201017207900001"}, "nik"),
    ({"nik": "3201010113900001"}, "nik"),
    ({"nik": "9901014107900001"}, "nik"),
    ({"phone": "021-555-1234"}, "phone"),
    ({"phone": "0812"}, "phone"),
    ({"email": "siti@"}, "email"),
    ({"name": "  "}, "name"),
    ({"date": "2026-11-23"}, "date"),       # yesterday
    ({"date": "2026-12-09"}, "date"),       # beyond the 14-day horizon
    ({"date": "2026-11-28"}, "date"),       # Saturday
    ({"date": "25-11-2026"}, "date"),
    ({"slot": "08:15"}, "slot"),            # no such slot
    ({"slot": "8am"}, "slot"),
    ({"slot": "15:00"}, "slot"),            # the agency is closed by then
    ({"date": "2026-11-24", "slot": "09:30"}, "slot"),  # past its cut-off
])
def test_bad_input_names_the_field_and_stores_nothing(mall, clock, book, overrides, field):
    with pytest.raises(Invalid) as error:
        book(**overrides)
    assert field in error.value.fields
    assert not Booking.objects.exists() and not SlotTally.objects.exists()


def test_a_closed_day_and_a_national_holiday(mall, clock, book):
    catalog.closed_day_add(site=mall.site, date=date(2026, 11, 26), reason="Cuti bersama")
    with pytest.raises(Invalid) as error:
        book(date="2026-11-26")
    assert "Cuti bersama" in error.value.fields["date"]
    clock.set(9, month=12, day=21)  # Monday before Christmas
    with pytest.raises(Invalid) as error:
        book(date="2026-12-25")
    assert "2026-12-25" in error.value.fields["date"]
    assert not Booking.objects.exists()


def test_agency_closed_weekday(mall, clock, book):
    catalog.service_update(service=mall.pkb, bookable=True)  # Samsat: Tuesday and Thursday
    with pytest.raises(Invalid) as error:
        book(service=mall.pkb, date=WEDNESDAY)
    assert "Samsat" in error.value.fields["date"]
    assert book(service=mall.pkb, date="2026-11-26").status == "confirmed"


def test_not_bookable(mall, clock, book):
    with pytest.raises(Invalid) as error:
        book(service=mall.kk)
    assert "date" in error.value.fields


def test_a_full_slot_suggests_the_next_free_ones(mall, clock, book):
    catalog.service_update(service=mall.ktp, slot_capacity=2)
    book(nik="3201011203850001")
    book(nik="3201011203850002")
    with pytest.raises(Conflict) as error:
        book(nik="3201011203850003")
    assert error.value.code == "quota_full"
    assert error.value.extra["suggestions"][0] == {
        "date": "2026-11-25", "start": "08:30", "end": "09:00", "remaining": 2}
    assert Booking.objects.count() == 2


def test_the_days_online_quota(mall, clock, book):
    ktp = catalog.service_update(service=mall.ktp, online_quota=3)
    for n, slot in enumerate(["08:00", "08:30", "09:00"], start=1):
        book(nik=f"32010112038500{n:02d}", slot=slot)
    with pytest.raises(Conflict) as error:
        book(nik="3201011203850009", slot="10:00")
    assert error.value.code == "quota_full"
    # the next free places are on the next working day
    assert error.value.extra["suggestions"][0]["date"] == "2026-11-26"
    assert selectors.availability(service=ktp, day=date(2026, 11, 25))["slots"][5]["remaining"] == 0


def test_one_active_booking_per_nik_per_service_per_day(mall, clock, book):
    book()
    with pytest.raises(Conflict) as error:
        book(nik="3201 0141 0790 0001", slot="10:00")  # the same NIK, typed with spaces
    assert error.value.code == "duplicate_booking" and "nik" in error.value.fields
    assert book(date="2026-11-26").status == "confirmed"  # another day is fine
    assert book(nik=AGUS).status == "confirmed"           # another citizen too
    assert Booking.objects.count() == 3


def test_cancel_frees_the_place_at_once_and_needs_the_nik(mall, clock, book):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    booking = book()
    with pytest.raises(Conflict):
        book(nik=AGUS)
    with pytest.raises(NotFound):
        services.booking_cancel(code=booking.code, nik=AGUS)
    with pytest.raises(NotFound):
        services.booking_cancel(code=booking.code, nik="nonsense")
    assert services.booking_cancel(code=booking.code, nik=SITI).status == "cancelled"
    assert book(nik=AGUS).status == "confirmed"
    # and Siti may book again: her cancelled booking is not active
    assert book(slot="09:00").status == "confirmed"
    with pytest.raises(Conflict) as error:
        services.booking_cancel(code=booking.code, nik=SITI)
    assert error.value.code == "invalid_transition"


def test_reschedule_moves_the_place(mall, clock, book):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    booking = book()
    moved = services.booking_reschedule(code=booking.code, nik=SITI, date="2026-11-26",
                                        slot="09:00")
    assert (str(moved.date), moved.slot_start.strftime("%H:%M")) == ("2026-11-26", "09:00")
    assert moved.code == booking.code
    assert book(nik=AGUS).status == "confirmed"  # Wednesday 08:00 is free again
    with pytest.raises(Conflict) as error:
        services.booking_reschedule(code=booking.code, nik=SITI, date=WEDNESDAY, slot="08:00")
    assert error.value.code == "quota_full"
    moved.refresh_from_db()
    assert str(moved.date) == "2026-11-26"
    with pytest.raises(Invalid):
        services.booking_reschedule(code=booking.code, nik=SITI, date="2026-11-28", slot="08:00")
    events = list(moved.events.values_list("action", flat=True))
    assert events == ["create", "reschedule"]


def test_service_overrides_the_sites_booking_settings(mall, clock, book):
    catalog.site_update(site=mall.site, booking_horizon_days=3)
    with pytest.raises(Invalid):
        book(date="2026-11-30")
    catalog.service_update(service=mall.ktp, booking_horizon_days=7, booking_cutoff_minutes=0)
    assert book(date="2026-11-30").status == "confirmed"
    assert book(nik=AGUS, date="2026-11-24", slot="09:30") is not None  # cut-off 0
    with pytest.raises(Invalid) as error:
        catalog.service_update(service=mall.ktp, late_policy="maybe", checkin_after_minutes=-1)
    assert set(error.value.fields) == {"late_policy", "checkin_after_minutes"}
    catalog.service_update(service=mall.ktp, late_policy="")
    assert selectors.booking_rules(service=mall.ktp).late_policy == "refuse"
