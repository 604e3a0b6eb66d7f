"""Staff sign-in for the screens (console, kiosk): Django's session auth, behind django-axes.

After signing in each role goes to its own screen: officers to their counter console, kiosk
devices and the front desk to the kiosk of their site, admins to the back office."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import Role


def home_for(user) -> str:
    """The screen a signed-in user starts on."""
    if user.is_superuser or user.role in (Role.MALL_ADMIN, Role.AGENCY_ADMIN):
        return reverse("admin:index")
    site = user.site.slug if user.site_id else None
    if site and user.role == Role.OFFICER:
        return reverse("queueing:console_pick", kwargs={"site": site})
    if site and user.role in (Role.KIOSK, Role.FRONT_DESK):
        return reverse("queueing:kiosk", kwargs={"site": site})
    return reverse("web:home")


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form with a plain message (Django's own repeats the field's name)."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Capital and small letters count."),
    }


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        wanted = self.get_redirect_url()
        if wanted and url_has_allowed_host_and_scheme(
                wanted, allowed_hosts={self.request.get_host()},
                require_https=self.request.is_secure()):
            return wanted
        return home_for(self.request.user)


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign anyone out."""

    def get_success_url(self) -> str:
        return reverse("accounts:login")
