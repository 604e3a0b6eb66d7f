"""The call order, defined once: appointment check-ins first, then the priority lane, then
the regular lane; within a lane, arrival time, then the ticket's id (two tickets of one
instant). A lane this module does not know is called with the last lane.

Pure (no database, no Django), so the estimator and the benchmarks use it as it is. From
the one definition here come both forms the queue needs:

- in SQL, `order_by_sql("t")` (call-next's ORDER BY), `lanes_ahead(lane)` with
  `same_lane_ahead_sql("t", "me")` (a ticket's position), `within_lane_sql("t")` (the
  estimator's waiting list, which ranks the lanes in Python);
- in Python, `sort_key(lane, arrived_at, pk)` and `lane_rank(lane)`.

The priority streak (after MPP_QUEUE_PRIORITY_STREAK priority calls in a row a counter
calls a waiting regular ticket) is an exception call-next makes to this order, in
`services._pick_next` (and the demo's simulation in `history.py`).
"""

from __future__ import annotations

APPOINTMENT, PRIORITY, REGULAR = "appointment", "priority", "regular"
LANES = (APPOINTMENT, PRIORITY, REGULAR)  # in call order; `models.Lane` takes its values here
LANE_RANK = {lane: rank for rank, lane in enumerate(LANES)}
WITHIN_LANE = ("arrived_at", "id")  # the ticket columns that order one lane


def lane_rank(lane: str) -> int:
    """0 for the lane called first; an unknown lane ranks with the last."""
    return LANE_RANK.get(lane, len(LANES) - 1)


def sort_key(lane: str, arrived_at, pk) -> tuple:
    """The Python form of the call order: sort waiting tickets by it."""
    return (lane_rank(lane), arrived_at, pk)


def lanes_ahead(lane: str) -> list[str]:
    """The lanes called before every ticket of `lane`."""
    rank = lane_rank(lane)
    return [other for other in LANES if LANE_RANK[other] < rank]


def lane_rank_sql(column: str) -> str:
    """`CASE <column> WHEN 'appointment' THEN 0 ... ELSE <last> END`: `lane_rank` in SQL."""
    whens = " ".join(f"WHEN '{lane}' THEN {rank}" for lane, rank in LANE_RANK.items()
                     if rank < len(LANES) - 1)
    return f"CASE {column} {whens} ELSE {len(LANES) - 1} END"


def within_lane_sql(alias: str) -> str:
    """`t.arrived_at, t.id`: the order inside one lane."""
    return ", ".join(f"{alias}.{column}" for column in WITHIN_LANE)


def order_by_sql(alias: str) -> str:
    """The SQL form of the call order (an ORDER BY list) for the ticket table as `alias`."""
    return f"{lane_rank_sql(f'{alias}.lane')}, {within_lane_sql(alias)}"


def same_lane_ahead_sql(alias: str, me: str) -> str:
    """True for a ticket `alias` of the same lane as ticket `me` called before it (arrived
    earlier, or at the same instant with a smaller id)."""
    last = WITHIN_LANE[-1]
    condition = f"{alias}.{last} < {me}.{last}"
    for column in reversed(WITHIN_LANE[:-1]):
        condition = (f"{alias}.{column} < {me}.{column} OR "
                     f"({alias}.{column} = {me}.{column} AND {condition})")
    return f"({alias}.lane = {me}.lane AND ({condition}))"
