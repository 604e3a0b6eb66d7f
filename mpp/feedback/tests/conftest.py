from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone


@pytest.fixture
def tuesday_morning(monkeypatch):
    """Tuesday 24 Nov 2026, 09:00 WIB: every agency of the test mall is open."""
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: `clock.set(2026, 12, 1)` (09:00 WIB that day)."""

    class Clock:
        instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

        def set(self, year, month, day, hour=9):
            self.instant = datetime(year, month, day, hour, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.instant)
    return moving


@pytest.fixture
def files_dir(settings, tmp_path):
    settings.MPP_FILES_DIR = tmp_path / "files"
    return settings.MPP_FILES_DIR


@pytest.fixture
def staff_mail(mall):
    """The mall admin and both agency admins have e-mail addresses (staff notices)."""
    for key in ("rina", "hendra", "sari"):
        user = mall.users[key]
        user.email = f"{key}@mpp.example.id"
        user.save(update_fields=["email"])
    return mall


def file_report(api, *, agency="disdukcapil", **extra):
    body = {"kind": "complaint", "agency": agency,
            "body": "Nomor antrean saya dilewati dua kali di loket KTP-el.", **extra}
    answer = api().post("sites/kota-uji/complaints", body)
    assert answer.status_code == 201, answer.content
    return answer.json()
