"""The application state machine: the table is complete, and every refused transition changes
nothing (no status, no timestamp, no event row, no notice)."""

from __future__ import annotations

import pytest

from mpp.applications import services, states
from mpp.applications.models import Application
from mpp.errors import Conflict
from mpp.notifications.models import Notification

from .conftest import AGUS, served_ticket


def test_every_action_has_its_effects_and_leads_somewhere_known():
    assert set(states.EFFECTS) == set(states.ACTIONS)
    for (source, action), target in states.TRANSITIONS.items():
        assert source in states.STATUSES and target in states.STATUSES
        assert action in states.ACTIONS
    for final in states.FINAL:
        assert states.allowed_actions(final) == []


def test_a_target_status_names_one_action_from_each_status():
    pairs = [(source, target) for (source, _action), target in states.TRANSITIONS.items()]
    assert len(pairs) == len(set(pairs))
    assert states.action_for(states.INCOMPLETE, states.VERIFYING) == states.RESUME
    assert states.action_for(states.RECEIVED, states.VERIFYING) == states.VERIFY
    with pytest.raises(states.InvalidTransition):
        states.action_for(states.READY, states.PROCESSING)


def test_the_clock_runs_only_while_the_agency_works():
    assert states.PAUSED not in states.CLOCK_RUNNING
    assert not set(states.CLOCK_RUNNING) & (states.FINAL | {states.READY})


PATHS = {  # how to bring an application to each status, from received
    states.RECEIVED: [],
    states.VERIFYING: ["verifying"],
    states.INCOMPLETE: ["incomplete"],
    states.PROCESSING: ["processing"],
    states.READY: ["processing", "ready"],
    states.COLLECTED: ["processing", "ready", "collected"],
    states.REJECTED: ["rejected"],
}


@pytest.mark.parametrize("status", states.STATUSES)
def test_every_refused_transition_changes_nothing(mall, clock, status):
    dewi = mall.users["dewi"]
    application = services.application_receive(
        ticket=served_ticket(mall), actor=dewi, applicant_name="Agus Salim", nik=AGUS,
        phone="0812-3456-7890")
    for target in PATHS[status]:
        application = services.application_set_status(
            application=application, actor=dewi, status=target, note="Catatan petugas")
    assert application.status == status
    allowed = set(states.allowed_actions(status))
    for action, service in services.BY_ACTION.items():
        if action in allowed:
            continue
        before = Application.objects.values().get(pk=application.pk)
        events, notices = application.events.count(), Notification.objects.count()
        with pytest.raises(Conflict) as refused:
            service(application=application, actor=dewi, note="Catatan petugas")
        assert refused.value.code == "invalid_transition"
        assert Application.objects.values().get(pk=application.pk) == before
        assert application.events.count() == events
        assert Notification.objects.count() == notices
