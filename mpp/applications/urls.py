"""Staff screens of applications, under /berkas/<site>/ (berkas = the papers)."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("<slug:site>/", views.worklist, name="worklist"),
    path("<slug:site>/kiosk/", views.kiosk_status, name="kiosk"),
    path("<slug:site>/terima/", views.desk_receive, name="desk"),
    path("<slug:site>/terima/<str:ticket>/", views.receive, name="receive"),
    path("<slug:site>/<str:code>/", views.detail, name="detail"),
]
