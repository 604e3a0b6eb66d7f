"""Staff screens of feedback, under /umpan-balik/<site>/ (umpan balik = feedback)."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    # survey

    # reports

    # complaints

]
