"""Public catalog pages, mounted at /s/."""

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("<slug:site>/", views.site_page, name="site"),
    path("<slug:site>/instansi/<slug:agency>/", views.agency_page, name="agency"),
    path("<slug:site>/layanan/<slug:code>/", views.service_page, name="service"),
]
