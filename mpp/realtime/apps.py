from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "mpp.realtime"
    verbose_name = _("Live events")
