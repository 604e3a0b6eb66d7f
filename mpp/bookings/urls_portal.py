"""The citizen booking portal, mounted at /s/ next to the public catalog (Indonesian paths:
pesan = book, pesanan = a booking, batal = cancel, ubah = change)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("<slug:site>/pesan/<slug:code>/", views.book, name="book"),
    path("<slug:site>/pesanan/", views.find, name="find"),
    path("<slug:site>/pesanan/<str:code>/", views.booking_page, name="booking"),
    path("<slug:site>/pesanan/<str:code>/batal/", views.booking_cancel, name="cancel"),
    path("<slug:site>/pesanan/<str:code>/ubah/", views.booking_reschedule, name="reschedule"),
]
