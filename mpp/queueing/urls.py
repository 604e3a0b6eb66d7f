"""The queue screens, mounted at /antrean/ (Indonesian paths: loket = counter, layar =
screen, instansi = agency, layanan = service, ambil = take)."""

from django.urls import path

from . import views

app_name = "queueing"

urlpatterns = [
    path("t/<str:public_id>/", views.ticket_page, name="ticket"),
    path("<slug:site>/", views.root, name="root"),
    path("<slug:site>/kiosk/", views.kiosk, name="kiosk"),
    path("<slug:site>/kiosk/instansi/<slug:agency>/", views.kiosk_agency, name="kiosk_agency"),
    path("<slug:site>/kiosk/layanan/<slug:code>/", views.kiosk_service, name="kiosk_service"),
    path("<slug:site>/kiosk/ambil/", views.kiosk_take, name="kiosk_take"),
    path("<slug:site>/loket/", views.console_pick, name="console_pick"),
    path("<slug:site>/loket/<slug:counter>/", views.console, name="console"),
    path("<slug:site>/loket/<slug:counter>/aksi/", views.console_act, name="console_act"),
    path("<slug:site>/layar/", views.display, name="display"),
    path("<slug:site>/layar/papan/", views.display_board, name="display_board"),
]
