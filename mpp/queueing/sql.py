"""The queue's plain SQL, in one place: the statements of the presses made all day (a kiosk's
ticket, a counter's call, every change's history row, a ticket's position), which skip the
ORM's query building because it cost more than the queries.

Every table, column list and value comes from the models' `_meta` (a column added to
`Ticket` or `TicketEvent` needs no edit here), the call order from `order.py`, the statuses
and timestamps of the call from `states.py`. Instances come back through `mpp.rows.Loader`
(`Model.from_db`). The same statements run on SQLite and PostgreSQL, except where a
PostgreSQL-only clause is named (`FOR UPDATE`, `SKIP LOCKED`, an UPDATE inside WITH).

Services call these inside their transaction; nothing here checks a rule.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.db import connection

from mpp.catalog.models import Agency, Counter, CounterService, Service
from mpp.rows import Loader, fetch_one

from . import order, states
from .models import Ticket, TicketEvent, TicketSequence

TICKET, SERVICE, AGENCY = Loader(Ticket), Loader(Service), Loader(Agency)
# What a call needs of the called ticket's service and agency (its live event, its answer,
# the estimate): not the standard's long texts, read on every press otherwise.
CALL_SERVICE = Loader(Service, only=("id", "site", "agency", "code", "name", "prefix",
                                     "expected_minutes", "active", "position"))
CALL_AGENCY = Loader(Agency, only=("id", "site", "slug", "name", "short_name", "kind",
                                   "open_days", "opens_at", "closes_at", "position", "active"))


def _table(model) -> str:
    return model._meta.db_table


def _column(model, name: str) -> str:
    return model._meta.get_field(name).column


def _insert_fields(model) -> list:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _values(instance, fields) -> list:
    """The database values of `fields` of an unsaved instance (defaults included)."""
    return [field.get_db_prep_save(getattr(instance, field.attname), connection)
            for field in fields]


def _vendor(clauses: dict[str, str]) -> str:
    return clauses.get(connection.vendor, "")


# --- issuing a ticket -------------------------------------------------------------------------

# The service row locked (only it: a quota count and the insert after it do not interleave),
# with its agency for the opening hours. SQLite serialises writers anyway.
_SERVICE_LOCK = {"postgresql": " FOR UPDATE OF s"}
_service_sqls: dict[str, str] = {}


def service_locked(service_id: int) -> Service | None:
    """The service with its agency (`service.agency`), its row locked until commit; None when
    it is gone."""
    sql = _service_sqls.get(connection.vendor)
    if sql is None:
        sql = _service_sqls[connection.vendor] = (
            f"SELECT {SERVICE.columns('s')}, {AGENCY.columns('a')} "
            f"FROM {_table(Service)} s JOIN {_table(Agency)} a ON a.id = s.agency_id "
            f"WHERE s.id = %s{_vendor(_SERVICE_LOCK)}")
    row = fetch_one(sql, [service_id])
    if row is None:
        return None
    service = SERVICE.load(row)
    service.agency = AGENCY.load(row, SERVICE.width)
    return service


def _next_number_sql() -> str:
    table = _table(TicketSequence)
    site, prefix, day, last = (_column(TicketSequence, name)
                               for name in ("site", "prefix", "day", "last_number"))
    return (f"INSERT INTO {table} ({site}, {prefix}, {day}, {last}) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT ({site}, {prefix}, {day}) DO UPDATE "
            f"SET {last} = {table}.{last} + 1 RETURNING {last}")


_NEXT_NUMBER = _next_number_sql()


def next_number(*, site_id: int, prefix: str, day) -> int:
    """Atomically take the next number for (site, prefix, day): one UPSERT ... RETURNING. It
    rolls back with the ticket, so no gaps."""
    return fetch_one(_NEXT_NUMBER, [site_id, prefix, day])[0]


_inserts: dict[tuple[str, int], str] = {}


def _insert_sql(model, fields, rows: int, returning: str = "") -> str:
    """`INSERT INTO <table> (<fields>) VALUES (...), ... [RETURNING ...]` for `rows` rows."""
    key = (model._meta.label, rows)
    sql = _inserts.get(key)
    if sql is None:
        one = f"({', '.join(['%s'] * len(fields))})"
        sql = _inserts[key] = (
            f"INSERT INTO {_table(model)} ({', '.join(field.column for field in fields)}) "
            f"VALUES {', '.join([one] * rows)}{returning}")
    return sql


def _batches(instances: list, size: int):
    for start in range(0, len(instances), size):
        yield instances[start:start + size]


_TICKET_FIELDS = _insert_fields(Ticket)
_RETURNING_TICKET = f" RETURNING id, {_column(Ticket, 'public_id')}"


def tickets_insert(tickets: list[Ticket], *, batch_size: int = 1000) -> None:
    """INSERT new tickets (every ticket is written here: a kiosk's, a booking's, the demo's
    past days), setting their pks and marking them saved."""
    by_public_id = {ticket.public_id: ticket for ticket in tickets}
    with connection.cursor() as cursor:
        for batch in _batches(tickets, batch_size):
            cursor.execute(_insert_sql(Ticket, _TICKET_FIELDS, len(batch), _RETURNING_TICKET),
                           [value for ticket in batch
                            for value in _values(ticket, _TICKET_FIELDS)])
            for pk, public_id in cursor.fetchall():
                by_public_id[public_id].pk = pk
    for ticket in tickets:
        ticket._state.adding = False
        ticket._state.db = connection.alias


def ticket_insert(ticket: Ticket) -> None:
    """INSERT one new ticket (`tickets_insert`)."""
    tickets_insert([ticket])


# --- the history row --------------------------------------------------------------------------

_EVENT_FIELDS = _insert_fields(TicketEvent)


def events_insert(events: list[TicketEvent], *, batch_size: int = 1000) -> None:
    """INSERT tickets' history rows (every change writes one, here)."""
    with connection.cursor() as cursor:
        for batch in _batches(events, batch_size):
            cursor.execute(_insert_sql(TicketEvent, _EVENT_FIELDS, len(batch)),
                           [value for event in batch
                            for value in _values(event, _EVENT_FIELDS)])


def event_insert(event: TicketEvent) -> None:
    """INSERT one history row (`events_insert`)."""
    events_insert([event])


# --- the call ---------------------------------------------------------------------------------

# PostgreSQL: a counter skips the ticket another counter is calling this very moment instead
# of queueing behind its transaction and then finding it gone (SQLite writers are serialised
# by BEGIN IMMEDIATE anyway). The conditional UPDATE of `mark_called` stays the guarantee.
_SKIP_LOCKED = {"postgresql": " FOR UPDATE SKIP LOCKED"}
_next_sqls: dict[tuple[str, bool], str] = {}


def _next_waiting_sql(one_lane: bool) -> str:
    key = (connection.vendor, one_lane)
    sql = _next_sqls.get(key)
    if sql is None:
        lane = "AND t.lane = %s " if one_lane else ""
        sql = _next_sqls[key] = (
            f"SELECT {TICKET.columns('t')}, {CALL_SERVICE.columns('s')}, "
            f"{CALL_AGENCY.columns('a')} "
            f"FROM (SELECT t.id FROM {_table(Ticket)} t "
            f"WHERE t.service_id IN (SELECT service_id FROM {_table(CounterService)} "
            f"WHERE counter_id = %s) AND t.status = %s AND t.day = %s {lane}"
            f"ORDER BY {order.order_by_sql('t')} LIMIT 1{_vendor(_SKIP_LOCKED)}) pick "
            f"JOIN {_table(Ticket)} t ON t.id = pick.id "
            f"JOIN {_table(Service)} s ON s.id = t.service_id "
            f"JOIN {_table(Agency)} a ON a.id = s.agency_id")
    return sql


def next_waiting(*, counter_id: int, day, lane: str | None = None) -> Ticket | None:
    """The first waiting ticket in call order among what the counter serves (of one `lane`
    when given), with its service and agency loaded; None when nobody waits."""
    params = [counter_id, states.WAITING, day] + ([lane] if lane is not None else [])
    row = fetch_one(_next_waiting_sql(lane is not None), params)
    if row is None:
        return None
    ticket = TICKET.load(row)
    ticket.service = CALL_SERVICE.load(row, TICKET.width)
    ticket.service.agency = CALL_AGENCY.load(row, TICKET.width + CALL_SERVICE.width)
    return ticket


_RECENT_LANES = (f"SELECT lane FROM {_table(Ticket)} WHERE counter_id = %s AND day = %s "
                 f"AND called_at IS NOT NULL ORDER BY called_at DESC, id DESC LIMIT %s")


def recent_call_lanes(*, counter_id: int, day, limit: int) -> list[str]:
    """The lanes of the counter's latest `limit` calls of the day, newest first."""
    with connection.cursor() as cursor:
        cursor.execute(_RECENT_LANES, [counter_id, day, limit])
        return [row[0] for row in cursor.fetchall()]


def _call_update() -> tuple[str, list[str]]:
    """`UPDATE ticket SET ...` of the call (waiting -> called at a counter, the timestamps
    of states.EFFECTS[CALL], the recall count reset) and the names of its parameters."""
    effect = states.EFFECTS[states.CALL]
    sets = ["status", "counter", "recalls", *effect.sets]
    assignments = [f"{_column(Ticket, name)} = %s" for name in sets]
    assignments += [f"{_column(Ticket, name)} = NULL" for name in effect.clears]
    sql = (f"UPDATE {_table(Ticket)} SET {', '.join(assignments)} "
           f"WHERE id = %s AND {_column(Ticket, 'status')} = %s")
    return sql, sets


_CALL_UPDATE, _CALL_SETS = _call_update()
# PostgreSQL: the conditional update and the ticket's history row in one statement (SQLite
# cannot put an UPDATE in a WITH clause: there they are two). The history row takes the
# ticket and its service from the updated row, every other column from `event`.
_FROM_CALLED = {"ticket_id": "id", "service_id": "service_id"}
_CALL_EVENT_FIELDS = [field for field in _EVENT_FIELDS if field.attname not in _FROM_CALLED]
_CALL_WITH_EVENT = (
    f"WITH called AS ({_CALL_UPDATE} RETURNING id, service_id) "
    f"INSERT INTO {_table(TicketEvent)} ({', '.join(f.column for f in _EVENT_FIELDS)}) "
    f"SELECT {', '.join(_FROM_CALLED.get(f.attname, '%s') for f in _EVENT_FIELDS)} "
    f"FROM called")


def mark_called(ticket: Ticket, *, event: TicketEvent, at: datetime) -> bool:
    """waiting -> called at `event.counter` if the ticket is still waiting (of two counters
    picking one ticket, one wins), with its history row `event`. True when this call won;
    then `ticket` holds what was written."""
    values = {"status": states.CALLED, "counter": event.counter_id, "recalls": 0,
              **{name: at for name in states.EFFECTS[states.CALL].sets}}
    params = [Ticket._meta.get_field(name).get_db_prep_save(values[name], connection)
              for name in _CALL_SETS] + [ticket.pk, states.WAITING]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_CALL_WITH_EVENT, params + _values(event, _CALL_EVENT_FIELDS))
            won = cursor.rowcount == 1
        else:
            cursor.execute(_CALL_UPDATE, params)
            won = cursor.rowcount == 1
            if won:
                event_insert(event)
    if won:
        for name in _CALL_SETS:
            setattr(ticket, Ticket._meta.get_field(name).attname, values[name])
        for name in states.EFFECTS[states.CALL].clears:
            setattr(ticket, name, None)
    return won


# --- reads: a ticket's position, the estimator's view of a queue --------------------------

def position(*, ticket_id: int, ahead_lanes: list[str]) -> int:
    """How many waiting tickets of the ticket's service and day are ahead of it in the call
    order (`ahead_lanes`: the lanes called before its own, `order.lanes_ahead`)."""
    lanes = ahead_lanes or [""]
    table = _table(Ticket)
    return fetch_one(
        f"SELECT COUNT(*) FROM {table} t, {table} me WHERE me.id = %s "
        f"AND t.service_id = me.service_id AND t.day = me.day AND t.status = %s "
        f"AND (t.lane IN ({', '.join(['%s'] * len(lanes))}) "
        f"OR {order.same_lane_ahead_sql('t', 'me')})",
        [ticket_id, states.WAITING, *lanes])[0]


class QueueRows(NamedTuple):
    links: list      # (counter, its agency, is open, a service it serves, expected minutes)
    waiting: list    # (ticket, service, agency, expected minutes, lane), in arrival order
    at_counter: list  # (service, agency, counter, called at) of the tickets at a counter
    finished: list   # (service, agency, counter, called at, finished at), newest first


def queue_rows(*, site_id: int, day, agency_ids: list[int], history_limit: int) -> QueueRows:
    """What the estimator needs of the agencies' queues today, in four small queries for any
    number of agencies: the counters and what they serve; the waiting tickets (ids only: the
    database sorts them within their lane); the tickets at a counter now; the day's latest
    `history_limit` finished tickets. Timestamps as the database returns them."""
    marks = ", ".join(["%s"] * len(agency_ids))
    ticket, service = _table(Ticket), _table(Service)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cs.counter_id, c.agency_id, c.is_open, cs.service_id, s.expected_minutes "
            f"FROM {_table(CounterService)} cs "
            f"JOIN {_table(Counter)} c ON c.id = cs.counter_id "
            f"JOIN {service} s ON s.id = cs.service_id "
            f"WHERE c.site_id = %s AND c.agency_id IN ({marks}) "
            f"ORDER BY cs.counter_id, cs.position, cs.id", [site_id, *agency_ids])
        links = cursor.fetchall()
        cursor.execute(
            f"SELECT t.id, t.service_id, s.agency_id, s.expected_minutes, t.lane "
            f"FROM {ticket} t JOIN {service} s "
            f"ON s.id = t.service_id WHERE t.site_id = %s AND t.day = %s AND t.status = %s "
            f"AND s.agency_id IN ({marks}) ORDER BY {order.within_lane_sql('t')}",
            [site_id, day, states.WAITING, *agency_ids])
        waiting = cursor.fetchall()
        cursor.execute(
            f"SELECT t.service_id, s.agency_id, t.counter_id, t.called_at "
            f"FROM {ticket} t JOIN {service} s "
            f"ON s.id = t.service_id WHERE t.site_id = %s AND t.day = %s "
            f"AND t.status IN (%s, %s) AND t.counter_id IS NOT NULL "
            f"AND t.called_at IS NOT NULL AND s.agency_id IN ({marks})",
            [site_id, day, states.CALLED, states.SERVING, *agency_ids])
        at_counter = cursor.fetchall()
        cursor.execute(
            f"SELECT t.service_id, s.agency_id, t.counter_id, t.called_at, t.finished_at "
            f"FROM {ticket} t JOIN {service} s "
            f"ON s.id = t.service_id WHERE t.site_id = %s AND t.day = %s AND t.status = %s "
            f"AND t.called_at IS NOT NULL AND t.finished_at IS NOT NULL "
            f"AND s.agency_id IN ({marks}) ORDER BY t.finished_at DESC LIMIT %s",
            [site_id, day, states.DONE, *agency_ids, history_limit])
        finished = cursor.fetchall()
    return QueueRows(links, waiting, at_counter, finished)
