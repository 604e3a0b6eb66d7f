"""The complaint state machine: a pure transition table, no database.

    submitted ──verify──> in_progress ──answer──> answered ──close / auto_close──> closed
        │   └──────────────answer─────────────────^   │  ^                          │
        │                        ^──────reply─────────┘  └──────────────────────────┘
        │                        ^──────reopen (within the window)──────────────────┘
        └──reject──> rejected

`submitted` waits for the mall's complaint desk to verify and route it (or the agency it
names to take it up); `in_progress` waits for the provider's answer; `answered` waits for
the filer, who may reply (back to in_progress), accept (close) or say nothing (auto-close
after the window). A closed report can be reopened by its filer within the reopen window.
Re-routing to another agency (`reroute`, with a reason) and an interim note (`note`) keep
the status. Each status with a clock names the step whose deadline `due_date` holds
(`STEP`); a report is overdue when its step's deadline has passed while the step is the
provider's (`PROVIDER_STEPS`), or its final resolution's has and it is not done
(selectors.overdue_q is the one rule, in Python and SQL). The deadlines' lengths, in working
days, come from settings (`MPP_COMPLAINT_DAYS`).
"""

from __future__ import annotations

SUBMITTED, IN_PROGRESS, ANSWERED, CLOSED, REJECTED = (
    "submitted", "in_progress", "answered", "closed", "rejected")
STATUSES = (SUBMITTED, IN_PROGRESS, ANSWERED, CLOSED, REJECTED)
FINAL = frozenset({CLOSED, REJECTED})
PROVIDER_STEPS = (SUBMITTED, IN_PROGRESS)  # the MPP's or the provider's move

CREATE = "create"
VERIFY, ANSWER, REPLY, CLOSE, AUTO_CLOSE, REOPEN, REJECT = (
    "verify", "answer", "reply", "close", "auto_close", "reopen", "reject")
REROUTE, NOTE, RATE, ESCALATE, HAND_OVER = "reroute", "note", "rate", "escalate", "hand_over"
ACTIONS = (VERIFY, ANSWER, REPLY, CLOSE, AUTO_CLOSE, REOPEN, REJECT)
STAFF_ACTIONS = frozenset({VERIFY, ANSWER, CLOSE, REJECT})
FILER_ACTIONS = frozenset({REPLY, CLOSE, REOPEN})
MESSAGE_REQUIRED = frozenset({ANSWER, REPLY, REJECT, REOPEN})

TRANSITIONS: dict[tuple[str, str], str] = {
    (SUBMITTED, VERIFY): IN_PROGRESS,
    (SUBMITTED, ANSWER): ANSWERED,
    (IN_PROGRESS, ANSWER): ANSWERED,
    (ANSWERED, REPLY): IN_PROGRESS,
    (ANSWERED, CLOSE): CLOSED,
    (IN_PROGRESS, CLOSE): CLOSED,
    (ANSWERED, AUTO_CLOSE): CLOSED,
    (CLOSED, REOPEN): IN_PROGRESS,
    (SUBMITTED, REJECT): REJECTED,
    (IN_PROGRESS, REJECT): REJECTED,
}

# The deadline `due_date` holds in each status, by the name of its length in settings.
STEP = {SUBMITTED: "verification", IN_PROGRESS: "answer", ANSWERED: "auto_close"}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        super().__init__(f"cannot {action} a complaint that is {status}")


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def action_for(status: str, target: str, *, allowed: frozenset[str] = STAFF_ACTIONS) -> str:
    """The action among `allowed` that leads from `status` to `target`: the respond API
    takes a target status. Staying in `in_progress` is an interim note."""
    if status == target == IN_PROGRESS:
        return NOTE
    for (source, action), result in TRANSITIONS.items():
        if source == status and result == target and action in allowed:
            return action
    raise InvalidTransition(status, f"-> {target}")


def allowed_actions(status: str, *, among: frozenset[str] = STAFF_ACTIONS) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status and action in among]
