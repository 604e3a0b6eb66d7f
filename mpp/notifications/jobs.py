"""The notifications' own periodic job."""

from .periodic import periodic
from .services import notifications_requeue_lost


@periodic("notifications.requeue_lost", every=300)
def notifications_requeue_lost_job() -> None:
    notifications_requeue_lost()
