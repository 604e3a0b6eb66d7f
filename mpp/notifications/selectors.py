"""Reads of the notifications app."""

from __future__ import annotations

from datetime import datetime

from .models import PeriodicRun


def worker_last_seen() -> datetime | None:
    """When a background worker last claimed a periodic job's period: its scheduler does so
    at least every minute (bookings.mark_no_shows), so an older time means no worker runs."""
    return (PeriodicRun.objects.order_by("-created_at")
            .values_list("created_at", flat=True).first())
