"""Staff screens of feedback, under /umpan-balik/<site>/ (umpan balik = feedback)."""

from django.urls import path  # noqa: F401 - filled by the sections below

from . import views  # noqa: F401

app_name = "feedback"

urlpatterns = [
    # survey

    # reports

    # complaints

]
