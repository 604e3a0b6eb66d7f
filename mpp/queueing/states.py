"""The ticket state machine: a pure transition table, no database.

    waiting ──call──> called ──start──> serving ──finish──> done
       │  ^             │ │                 │
       │  └─transfer────┘ └─recall (stays called; past the limit: no_show)
       │  └──────────────────transfer───────┘
       └─cancel──> cancelled <──cancel── called
                  no_show <──no_show── called
"""

from __future__ import annotations

from dataclasses import dataclass

WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED = (
    "waiting", "called", "serving", "done", "no_show", "cancelled")
STATUSES = (WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED)
FINAL = frozenset({DONE, NO_SHOW, CANCELLED})

CALL, RECALL, START, FINISH, MARK_NO_SHOW, CANCEL, TRANSFER = (
    "call", "recall", "start", "finish", "no_show", "cancel", "transfer")
ACTIONS = (CALL, RECALL, START, FINISH, MARK_NO_SHOW, CANCEL, TRANSFER)

TRANSITIONS: dict[tuple[str, str], str] = {
    (WAITING, CALL): CALLED,
    (CALLED, RECALL): CALLED,
    (CALLED, START): SERVING,
    (SERVING, FINISH): DONE,
    (CALLED, MARK_NO_SHOW): NO_SHOW,
    (WAITING, CANCEL): CANCELLED,
    (CALLED, CANCEL): CANCELLED,
    (WAITING, TRANSFER): WAITING,
    (CALLED, TRANSFER): WAITING,
    (SERVING, TRANSFER): WAITING,
}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        super().__init__(f"cannot {action} a ticket that is {status}")


@dataclass(frozen=True)
class Step:
    """The outcome of an action: the new status and whether the recall limit turned it."""

    status: str
    recalls: int
    exhausted: bool = False


def next_status(status: str, action: str) -> str:
    """The status after `action`, or InvalidTransition."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def apply(status: str, action: str, *, recalls: int = 0, max_recalls: int = 3) -> Step:
    """Apply an action; a recall past `max_recalls` makes the ticket a no-show."""
    new_status = next_status(status, action)
    if action == RECALL:
        recalls += 1
        if recalls > max_recalls:
            return Step(status=NO_SHOW, recalls=recalls, exhausted=True)
    elif action in (CALL, TRANSFER):
        recalls = 0
    return Step(status=new_status, recalls=recalls)


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]
