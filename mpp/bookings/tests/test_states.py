"""The booking state machine, without the database."""

import pytest

from mpp.bookings import states


def test_happy_path_and_late_walk_in():
    assert states.next_status("confirmed", "check_in") == "checked_in"
    assert states.next_status("confirmed", "reschedule") == "confirmed"
    assert states.next_status("confirmed", "no_show") == "no_show"
    assert states.next_status("no_show", "check_in_late") == "checked_in"
    assert states.next_status("confirmed", "cancel") == "cancelled"


@pytest.mark.parametrize("status, action", [
    ("cancelled", "check_in"), ("cancelled", "cancel"), ("checked_in", "cancel"),
    ("checked_in", "check_in"), ("no_show", "check_in"), ("no_show", "cancel"),
    ("checked_in", "reschedule"), ("no_show", "no_show"),
])
def test_invalid_transitions(status, action):
    with pytest.raises(states.InvalidTransition):
        states.next_status(status, action)


def test_final_statuses_allow_nothing():
    assert states.allowed_actions("cancelled") == []
    assert states.allowed_actions("checked_in") == []
    assert set(states.allowed_actions("confirmed")) == {
        "check_in", "check_in_late", "cancel", "reschedule", "no_show"}
