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
