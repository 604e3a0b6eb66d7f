"""The booking state machine: a pure transition table, no database.

    confirmed ──check_in──> checked_in
        │  │ └──reschedule (stays confirmed, another date or slot)
        │  └──no_show──> no_show ──check_in_late──> checked_in (late policy walk_in)
        └──cancel──> cancelled
"""

from __future__ import annotations

CONFIRMED, CHECKED_IN, CANCELLED, NO_SHOW = "confirmed", "checked_in", "cancelled", "no_show"
STATUSES = (CONFIRMED, CHECKED_IN, CANCELLED, NO_SHOW)
ACTIVE = (CONFIRMED, CHECKED_IN)  # hold a place; one per NIK per service per date
FINAL = frozenset({CHECKED_IN, CANCELLED})

CREATE, CHECK_IN, CHECK_IN_LATE, CANCEL, RESCHEDULE, MARK_NO_SHOW = (
    "create", "check_in", "check_in_late", "cancel", "reschedule", "no_show")
ACTIONS = (CHECK_IN, CHECK_IN_LATE, CANCEL, RESCHEDULE, MARK_NO_SHOW)

TRANSITIONS: dict[tuple[str, str], str] = {
    (CONFIRMED, CHECK_IN): CHECKED_IN,
    (CONFIRMED, CHECK_IN_LATE): CHECKED_IN,
    (NO_SHOW, CHECK_IN_LATE): CHECKED_IN,
    (CONFIRMED, CANCEL): CANCELLED,
    (CONFIRMED, RESCHEDULE): CONFIRMED,
    (CONFIRMED, MARK_NO_SHOW): NO_SHOW,
}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        super().__init__(f"cannot {action} a booking that is {status}")


def next_status(status: str, action: str) -> str:
    """The status after `action`, or InvalidTransition."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]
