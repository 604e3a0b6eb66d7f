"""The ticket state machine: a pure transition table, no database.

    waiting ──call──> called ──start──> serving ──finish──> done
       │  ^             │ │                 │
       │  └─transfer────┘ └─recall (stays called; past the limit: no_show)
       │  └──────────────────transfer───────┘
       └─cancel──> cancelled <──cancel── called
                  no_show <──no_show── called

`TRANSITIONS` says which action may follow which status, `EFFECTS` which of the ticket's
timestamps each action sets to the moment it happens (or clears), and `apply` gives the
`Step` an action takes (a recall past the limit takes the no-show's). The services in
`services.py` (one per action: `ticket_call_next`, `ticket_recall`, `ticket_start`,
`ticket_finish`, `ticket_mark_no_show`, `ticket_cancel`, `ticket_transfer`) derive every
status and timestamp they write from here.

How to add a transition:

1. Here: name the action (a constant, added to ACTIONS), add its (from status, action) ->
   status pairs to TRANSITIONS (a new status also goes to STATUSES, to FINAL if nothing
   follows it, and to `models.Status`, with a migration for the check constraint), and its
   timestamps to EFFECTS. test_states.py checks the table is complete.
2. In services.py: a `check_<action>` if the action has rules beyond the table (see
   `check_transfer`), and `ticket_<action>(*, ticket, actor, ...)` that calls
   `_transition` with its action (and the check, and a `change` for what is not a
   timestamp). The live event's name goes to EVENTS.
3. The interface: an API route in api.py (agreed in the API contract first), a console
   button in views.py (CONSOLE_ACTIONS) and its template, a test of each.
4. Every user-facing string in gettext; list the new ones for the translators.
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




@dataclass(frozen=True)
class Effect:
    """What an action does to the ticket's timestamps: those in `sets` become the moment of
    the action, those in `clears` become empty."""

    sets: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()


EFFECTS: dict[str, Effect] = {
    CALL: Effect(sets=("called_at",)),
    RECALL: Effect(sets=("called_at",)),
    START: Effect(sets=("started_at",)),
    FINISH: Effect(sets=("finished_at",)),
    MARK_NO_SHOW: Effect(sets=("finished_at",)),
    CANCEL: Effect(sets=("finished_at",)),
    # waiting again in the new service's queue: its own wait starts now, the arrival stays
    TRANSFER: Effect(sets=("queued_at",), clears=("called_at", "started_at")),
}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        super().__init__(f"cannot {action} a ticket that is {status}")


@dataclass(frozen=True)
class Step:
    """The outcome of an action: the action that took place (`effect` its timestamps), the
    new status, the recall count, and whether the recall limit turned it into a no-show."""

    action: str
    status: str
    recalls: int
    exhausted: bool = False

    @property
    def effect(self) -> Effect:
        return EFFECTS[self.action]


def next_status(status: str, action: str) -> str:
    """The status after `action`, or InvalidTransition."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def apply(status: str, action: str, *, recalls: int = 0, max_recalls: int = 3) -> Step:
    """Apply an action; a recall past `max_recalls` makes the ticket a no-show (the step of
    MARK_NO_SHOW, so that it sets what a no-show marked by hand sets)."""
    new_status = next_status(status, action)
    if action == RECALL:
        recalls += 1
        if recalls > max_recalls:
            # the no-show's step (its timestamps, its event): the citizen did not come
            return Step(action=MARK_NO_SHOW, status=NO_SHOW, recalls=recalls, exhausted=True)
    elif action in (CALL, TRANSFER):
        recalls = 0
    return Step(action=action, status=new_status, recalls=recalls)


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]
