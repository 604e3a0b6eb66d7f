"""Reads of the event log."""

from __future__ import annotations

from django.db.models import Max

from .models import Event, SiteStream


def events_after(*, site_id: int, after: int, limit: int = 1000) -> list[Event]:
    return list(Event.objects.filter(site_id=site_id, seq__gt=after).order_by("seq")[:limit])


def last_event_id(*, site_id: int) -> int:
    row = SiteStream.objects.filter(site_id=site_id).values_list("last_id", flat=True).first()
    if row is None:  # a stream row appears with the first event
        row = Event.objects.filter(site_id=site_id).aggregate(m=Max("seq"))["m"]
    return row or 0
