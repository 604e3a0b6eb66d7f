"""The check-in screen of the kiosk and the front desk, mounted at /antrean/ next to the
queue screens (lapor hadir = report one's arrival)."""

from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("<slug:site>/lapor-hadir/", views.check_in, name="check_in"),
]
