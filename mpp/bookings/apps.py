from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "mpp.bookings"
    label = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        from . import listeners

        listeners.connect()
        if apps.is_installed("mpp.notifications"):
            from . import jobs  # noqa: F401 - registers the periodic jobs
