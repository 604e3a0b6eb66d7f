from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "mpp.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Periodic jobs live in each app's `jobs.py` (or `tasks.py`) and register themselves
        # with `@periodic` on import: load them so that the scheduler knows every job.
        from .periodic import autodiscover

        autodiscover()
