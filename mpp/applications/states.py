"""The application state machine: a pure transition table, no database.

    received ──verify──> verifying ──process──> processing ──mark_ready──> ready ──collect──> collected
       │  └───────────process──────────────────────^  │
       │        request_documents (from received, verifying, processing)
       │                 v                                   │
       │            incomplete ──resume──> verifying         │
       └──reject (from received, verifying, incomplete, processing)──> rejected

`incomplete` (berkas kurang) waits on the citizen: the working-day clock stops when an
application enters it and runs again when it leaves, and the due date then moves by the
working days spent waiting (services.py, with the site's calendar). The clock runs in
CLOCK_RUNNING; an application there past its due date is overdue (`overdue` in
selectors.py is the one rule, in Python and in SQL). `ready` means the agency's work is done:
the deadline was met or missed by then.

`EFFECTS` says which timestamps an action sets. The status API takes a target status: the
action is the one that leads from the current status to it (`action_for`), unique by
construction (test_states.py checks it).

How to add a transition: name the action here (ACTIONS, TRANSITIONS, EFFECTS, NOTE_REQUIRED
if it needs a reason), then `application_<action>` in services.py calling `_transition`, and
its notice in notify.py if the citizen is told.
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVED, VERIFYING, INCOMPLETE, PROCESSING, READY, COLLECTED, REJECTED = (
    "received", "verifying", "incomplete", "processing", "ready", "collected", "rejected")
STATUSES = (RECEIVED, VERIFYING, INCOMPLETE, PROCESSING, READY, COLLECTED, REJECTED)
FINAL = frozenset({COLLECTED, REJECTED})
CLOCK_RUNNING = (RECEIVED, VERIFYING, PROCESSING)  # overdue past the due date
PAUSED = INCOMPLETE

CREATE = "create"
VERIFY, PROCESS, REQUEST_DOCUMENTS, RESUME, MARK_READY, COLLECT, REJECT = (
    "verify", "process", "request_documents", "resume", "mark_ready", "collect", "reject")
ACTIONS = (VERIFY, PROCESS, REQUEST_DOCUMENTS, RESUME, MARK_READY, COLLECT, REJECT)
NOTE_REQUIRED = frozenset({REQUEST_DOCUMENTS, REJECT})

TRANSITIONS: dict[tuple[str, str], str] = {
    (RECEIVED, VERIFY): VERIFYING,
    (RECEIVED, PROCESS): PROCESSING,
    (VERIFYING, PROCESS): PROCESSING,
    (RECEIVED, REQUEST_DOCUMENTS): INCOMPLETE,
    (VERIFYING, REQUEST_DOCUMENTS): INCOMPLETE,
    (PROCESSING, REQUEST_DOCUMENTS): INCOMPLETE,
    (INCOMPLETE, RESUME): VERIFYING,
    (PROCESSING, MARK_READY): READY,
    (READY, COLLECT): COLLECTED,
    (RECEIVED, REJECT): REJECTED,
    (VERIFYING, REJECT): REJECTED,
    (INCOMPLETE, REJECT): REJECTED,
    (PROCESSING, REJECT): REJECTED,
}


@dataclass(frozen=True)
class Effect:
    """The timestamps an action sets to its moment."""

    sets: tuple[str, ...] = ()


EFFECTS: dict[str, Effect] = {
    VERIFY: Effect(),
    PROCESS: Effect(),
    REQUEST_DOCUMENTS: Effect(),
    RESUME: Effect(),
    MARK_READY: Effect(sets=("ready_at",)),
    COLLECT: Effect(sets=("collected_at",)),
    REJECT: Effect(sets=("rejected_at",)),
}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        super().__init__(f"cannot {action} an application that is {status}")


def next_status(status: str, action: str) -> str:
    """The status after `action`, or InvalidTransition."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def action_for(status: str, target: str) -> str:
    """The action that leads from `status` to `target`, or InvalidTransition."""
    for (source, action), result in TRANSITIONS.items():
        if source == status and result == target:
            return action
    raise InvalidTransition(status, f"-> {target}")


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]


def next_statuses(status: str) -> list[str]:
    """The statuses an officer may set next (the worklist's buttons)."""
    return [TRANSITIONS[(status, action)] for action in allowed_actions(status)]
