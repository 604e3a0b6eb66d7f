"""Recording live events. Call `event_record` inside the transaction of the change it
describes, as its last statement: the event commits with the change or not at all, and it is
announced to the streams only after commit."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import hub
from .hub import CHANNEL
from .models import Event, SiteStream


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


# PostgreSQL: the next id, the event row and the NOTIFY to the other processes in one
# statement. NOTIFY is transactional: it reaches the listeners at commit, never before and
# never for a transaction that rolls back. A payload too long for NOTIFY sends only the id,
# which the listeners then read from the table.
_RECORD_PG = """
WITH v (site_id, name, data, at) AS (VALUES (%s::bigint, %s, %s::text, %s::timestamptz)),
next AS (
  INSERT INTO {stream} (site_id, last_id) SELECT site_id, 1 FROM v
  ON CONFLICT (site_id) DO UPDATE SET last_id = {stream}.last_id + 1 RETURNING last_id),
row AS (
  INSERT INTO {event} (site_id, seq, name, data, at)
  SELECT v.site_id, next.last_id, v.name, v.data::jsonb, v.at FROM v, next
  RETURNING id, seq)
SELECT row.id, row.seq, pg_notify('{channel}', CASE WHEN %s
  THEN json_build_array(v.site_id, row.seq, v.name, v.data)::text
  ELSE json_build_array(v.site_id, row.seq)::text END) FROM row, v"""
_RECORD_PG = _RECORD_PG.format(stream=SiteStream._meta.db_table, event=Event._meta.db_table,
                               channel=CHANNEL)


def event_record(*, site_id: int, name: str, data: dict[str, Any]) -> Event:
    """Write the next event of the site and announce it after commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of its change")
    text = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"))
    at = timezone.now()
    with connection.cursor() as cursor:  # plain SQL: every queue change writes one
        if connection.vendor == "postgresql":
            cursor.execute(
                _RECORD_PG,
                [site_id, name, text, connection.ops.adapt_datetimefield_value(at),
                 # the message wraps the data in a JSON array: quoting adds a little
                 len(text.encode()) + len(name) + 200 < hub.NOTIFY_LIMIT])
            pk, seq, _notified = cursor.fetchone()
        else:
            seq = _next_seq(site_id)
            cursor.execute(
                f"INSERT INTO {Event._meta.db_table} (site_id, seq, name, data, at) "
                f"VALUES (%s, %s, %s, %s, %s) RETURNING id",
                [site_id, seq, name, text, connection.ops.adapt_datetimefield_value(at)])
            pk = cursor.fetchone()[0]
    event = Event(pk=pk, site_id=site_id, seq=seq, name=name, data=json.loads(text), at=at)
    event._state.adding = False

    def announce() -> None:
        hub.announce(event, payload=text)

    transaction.on_commit(announce)
    return event
