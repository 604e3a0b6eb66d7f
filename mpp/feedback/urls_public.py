"""The citizens' pages of feedback: the survey (survei) and complaints (aduan)."""

from django.urls import path

from . import views

app_name = "feedback_public"

urlpatterns = [
    # survey

    # complaints

]
