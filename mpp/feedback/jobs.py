"""The feedback app's periodic jobs (mpp/notifications/periodic.py runs them)."""

from __future__ import annotations

from mpp.notifications.periodic import periodic

from . import services


@periodic("feedback.complaints_sweep", every=900)
def complaints_sweep() -> None:
    """Auto-close what the filer left alone; escalate what is overdue (once per deadline)."""
    services.complaints_sweep()


@periodic("feedback.complaints_hand_over", every=900)
def complaints_hand_over() -> None:
    """Hand new reports to SP4N-LAPOR! when an adapter is configured."""
    services.complaints_hand_over()
