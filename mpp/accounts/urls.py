"""Staff sign-in, mounted at /akun/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", views.SignOutView.as_view(), name="logout"),
]
