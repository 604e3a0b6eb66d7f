"""Recording live events. Call `event_record` inside the transaction of the change it
describes, as its last statement: the event commits with the change or not at all, and it is
announced to the streams only after commit."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import Event, SiteStream

CHANNEL = "mpp_events"


def _next_seq(site_id: int) -> int:
    table = SiteStream._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, last_id) VALUES (%s, 1) "
            f"ON CONFLICT (site_id) DO UPDATE SET last_id = {table}.last_id + 1 "
            f"RETURNING last_id",
            [site_id],
        )
        return cursor.fetchone()[0]


def event_record(*, site_id: int, name: str, data: dict[str, Any]) -> Event:
    """Write the next event of the site and announce it after commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of its change")
    text = json.dumps(data, cls=DjangoJSONEncoder)
    event = Event(site_id=site_id, seq=_next_seq(site_id), name=name, data=json.loads(text),
                  at=timezone.now())
    with connection.cursor() as cursor:  # plain SQL: every queue change writes one
        cursor.execute(
            f"INSERT INTO {Event._meta.db_table} (site_id, seq, name, data, at) "
            f"VALUES (%s, %s, %s, %s, %s) RETURNING id",
            [site_id, event.seq, name, text,
             connection.ops.adapt_datetimefield_value(event.at)])
        event.pk = cursor.fetchone()[0]
    event._state.adding = False

    def announce() -> None:
        from . import hub

        hub.announce(event)

    transaction.on_commit(announce)
    return event
