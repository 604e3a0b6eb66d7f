"""The ticket transition table, without a database."""

import pytest

from mpp.queueing import states as s


@pytest.mark.parametrize("status, action, expected", [
    (s.WAITING, s.CALL, s.CALLED),
    (s.CALLED, s.RECALL, s.CALLED),
    (s.CALLED, s.START, s.SERVING),
    (s.SERVING, s.FINISH, s.DONE),
    (s.CALLED, s.MARK_NO_SHOW, s.NO_SHOW),
    (s.WAITING, s.CANCEL, s.CANCELLED),
    (s.CALLED, s.CANCEL, s.CANCELLED),
    (s.WAITING, s.TRANSFER, s.WAITING),
    (s.CALLED, s.TRANSFER, s.WAITING),
    (s.SERVING, s.TRANSFER, s.WAITING),
])
def test_allowed_transitions(status, action, expected):
    assert s.next_status(status, action) == expected


def test_every_other_pair_is_invalid():
    for status in s.STATUSES:
        for action in s.ACTIONS:
            if (status, action) in s.TRANSITIONS:
                continue
            with pytest.raises(s.InvalidTransition):
                s.next_status(status, action)


def test_final_statuses_allow_nothing():
    for status in s.FINAL:
        assert s.allowed_actions(status) == []


def test_finishing_a_waiting_ticket_is_invalid():
    with pytest.raises(s.InvalidTransition) as error:
        s.apply(s.WAITING, s.FINISH)
    assert (error.value.status, error.value.action) == ("waiting", "finish")


def test_recalls_count_and_past_the_limit_make_a_no_show():
    step = s.apply(s.CALLED, s.RECALL, recalls=0, max_recalls=2)
    assert (step.status, step.recalls, step.exhausted) == (s.CALLED, 1, False)
    step = s.apply(s.CALLED, s.RECALL, recalls=2, max_recalls=2)
    assert (step.status, step.recalls, step.exhausted) == (s.NO_SHOW, 3, True)
    assert step.action == s.MARK_NO_SHOW and step.effect == s.EFFECTS[s.MARK_NO_SHOW]


def test_a_new_call_or_transfer_resets_the_recall_count():
    assert s.apply(s.WAITING, s.CALL, recalls=2).recalls == 0
    assert s.apply(s.CALLED, s.TRANSFER, recalls=2).recalls == 0


def test_every_action_says_which_timestamps_it_sets():
    assert set(s.EFFECTS) == set(s.ACTIONS)
    stamps = {"called_at", "started_at", "finished_at", "queued_at"}
    for effect in s.EFFECTS.values():
        assert set(effect.sets) | set(effect.clears) <= stamps
