from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "mpp.feedback"
    verbose_name = _("Citizens' feedback")
    default_auto_field = "django.db.models.BigAutoField"
