"""The citizens' pages of feedback: the survey (survei) and complaints (aduan)."""

from django.urls import path  # noqa: F401 - filled by the sections below

from . import views  # noqa: F401

app_name = "feedback_public"

urlpatterns = [
    # survey
    path("survei/t/<str:public_id>/", views.survey_ticket, name="survey_ticket"),
    path("s/<slug:site>/survei/<slug:code>/", views.survey_service, name="survey_service"),

    # complaints
    path("s/<slug:site>/aduan/", views.complaint_new, name="complaint_new"),
    path("aduan/", views.complaint_find, name="complaint_find"),
    path("aduan/<str:code>/", views.complaint_track, name="complaint_track"),

]
