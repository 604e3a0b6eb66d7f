"""Staff screens of feedback, under /umpan-balik/<site>/ (umpan balik = feedback)."""

from django.urls import path  # noqa: F401 - filled by the sections below

from . import views  # noqa: F401

app_name = "feedback"

urlpatterns = [
    # survey
    path("<slug:site>/survei/kertas/", views.survey_paper, name="survey_paper"),

    # reports

    # complaints
    path("<slug:site>/aduan/", views.complaint_worklist, name="complaint_worklist"),
    path("<slug:site>/aduan/ekspor.<str:fmt>", views.complaint_export, name="complaint_export"),
    path("<slug:site>/aduan/<str:code>/", views.complaint_detail, name="complaint_detail"),
    path("<slug:site>/aduan/<str:code>/berkas/<int:file_id>", views.complaint_file,
         name="complaint_file"),

]
