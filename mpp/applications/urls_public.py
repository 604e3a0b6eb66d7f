"""The citizens' pages of applications: /lacak/ (follow an application) and /v/<code> (is
this signed document genuine?)."""

from django.urls import path

from . import views

app_name = "applications_public"

urlpatterns = [
    path("s/<slug:site>/ajukan/<slug:code>/", views.apply_online, name="apply"),
    path("lacak/", views.track_find, name="track_find"),
    path("lacak/<str:code>/", views.track, name="track"),
    path("v/<str:code>", views.verify_page, name="verify"),
    path("v/<str:code>/asli.pdf", views.original, name="original"),
]
