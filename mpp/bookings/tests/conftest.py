"""Bookings test helpers: a clock to move through the day, and valid NIKs of citizens."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")

SITI = "3201014107900001"    # a woman (day 41 = the 1st), born 1 July 1990
AGUS = "3201011203850002"    # a man born 12 March 1985
TUESDAY = "2026-11-24"
WEDNESDAY = "2026-11-25"


def citizen_nik(n: int) -> str:
    """A valid NIK for the n-th citizen (1..9999)."""
    return f"320101120385{n:04d}"


class Clock:
    def __init__(self, monkeypatch, start: datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, hour: int, minute: int = 0, day: int = 24, month: int = 11) -> datetime:
        self.now = datetime(2026, month, day, hour, minute, tzinfo=WIB)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Tuesday 24 Nov 2026, 09:00 WIB (every agency of the test mall is open); `clock.set`
    moves it."""
    return Clock(monkeypatch, datetime(2026, 11, 24, 9, 0, tzinfo=WIB))


@pytest.fixture
def book(mall):
    """`book(nik=..., date=..., slot=...)`: Siti's booking of KTP-el by default."""
    from mpp.bookings import services

    def make(**overrides):
        data = {"service": mall.ktp, "date": WEDNESDAY, "slot": "08:00", "name": "Siti Rahmawati",
                "nik": SITI, "phone": "0812-3456-7890", "email": "siti@example.id",
                "channel": "portal"}
        data.update(overrides)
        return services.booking_create(**data)

    return make
