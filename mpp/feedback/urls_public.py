"""The citizens' pages of feedback: the survey (survei) and complaints (aduan)."""

from django.urls import path  # noqa: F401 - filled by the sections below

from . import views  # noqa: F401

app_name = "feedback_public"

urlpatterns = [
    # survey

    # complaints

]
