"""The back office for accounts: staff and device users, and API tokens, scoped by role.

Entry: the admin site's `has_permission` is `access.can_use_back_office` (superusers, and
active mall admins and agency admins; `user_create` gives those two roles `is_staff`). We
set it on the default site instance here rather than swapping in an AdminSite subclass, so
that `mpp/urls.py` and the settings keep using `django.contrib.admin.site` unchanged.

- A mall admin sees and creates the accounts of their site (any role but superuser); an
  agency admin only their agency's, and only agency admins and officers of that agency.
- New accounts go through `accounts.services.user_create`; the form shows its errors and
  those of `access.staff_assignment_errors` on the fields. Staff change the accounts of their
  scope (name, e-mail, role, agency, active) through `accounts.services.user_update`, never
  their own role or their own access; an inactive account's tokens stop working at once.
  They set a new password for an account of their scope (its owner forgot it) through
  `accounts.services.user_set_password`; superusers keep Django's full user form.
- Tokens: "add" issues a token through `token_create` for an account of your scope and
  shows the secret once on the page that follows (only its SHA-256 digest is stored); the
  list shows prefix, user, last use, expiry and revocation; the "revoke" action calls
  `token_revoke`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from mpp.lib.admin import ScopedAdmin, ServiceBackedForm, copy_into
from mpp.catalog.models import Agency, Site

from . import access, services
from .models import ApiToken, Role, User


def _back_office_permission(request) -> bool:
    return access.can_use_back_office(request.user)


admin.site.has_permission = _back_office_permission


# --- users ----------------------------------------------------------------------------------

class UserCreateForm(ServiceBackedForm):
    username = forms.CharField(label=_("username"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    password = forms.CharField(label=_("password"), strip=False,
                               widget=forms.PasswordInput(render_value=False))
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none())
    agency = forms.ModelChoiceField(label=_("agency"), queryset=Agency.objects.none(),
                                    required=False)

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self._request.user
        allowed = access.assignable_roles(user)
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed]
        self.fields["site"].queryset = (
            Site.objects.all() if user.is_superuser else Site.objects.filter(pk=user.site_id))
        self.fields["site"].initial = user.site_id
        self.fields["agency"].queryset = access.managed_agencies_queryset(user)
        if user.role == Role.AGENCY_ADMIN:
            self.fields["agency"].initial = user.agency_id
            self.fields["agency"].required = True


class UserStaffChangeForm(ServiceBackedForm):
    """What a mall admin or an agency admin may change on an account of their scope."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "role", "agency", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self._request.user
        allowed = access.assignable_roles(user)
        if "role" in self.fields:
            self.fields["role"].choices = [("", "---------")] + [
                (v, label) for v, label in Role.choices if v in allowed]
        if "agency" in self.fields:
            self.fields["agency"].queryset = access.managed_agencies_queryset(user)


class ServicePasswordForm(AdminPasswordChangeForm):
    """Django's "change password" page for an account of your scope, saved through
    `user_set_password` (the password rules, one place)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)  # staff sign in with a password: no "none"
        self.fields["password1"].required = self.fields["password2"].required = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.errors:
            errors = services.user_password_validate(user=self.user, password=password)
            for message in errors.values():
                self.add_error("password1", message)
        return cleaned

    def save(self, commit=True):
        return services.user_set_password(user=self.user, password=self.cleaned_data["password1"])


class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    add_form = UserCreateForm
    add_fieldsets = ((None, {"fields": ("username", "full_name", "email", "password", "role",
                                        "site", "agency")}),)
    list_display = ("username", "get_full_name", "role", "site", "agency", "is_active",
                    "last_login")
    list_filter = ("role", "is_active", ("agency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("site", "agency")
    view_roles = add_roles = change_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    staff_readonly = ("username", "site", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role"), {"fields": ("role", "site", "agency")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    staff_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (_("Role"), {"fields": ("role", "site", "agency", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def scope(self, request, queryset):
        return access.users_queryset(request.user, queryset)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.fieldsets if request.user.is_superuser else self.staff_fieldsets

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self._role_in(request, self.change_roles)
        if request.user.is_superuser:
            return request.user.is_active
        return self._role_in(request, self.change_roles) and access.can_manage_user(
            request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = UserStaffChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.staff_readonly
        return super().get_readonly_fields(request, obj)

    change_password_form = ServicePasswordForm

    def _update_args(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in UserStaffChangeForm.Meta.fields
                if name in form.cleaned_data}

    def _create_args(self, form) -> dict:
        data = form.cleaned_data
        return dict(username=data.get("username", ""), password=data.get("password", ""),
                    role=data.get("role", ""), site=data.get("site"), agency=data.get("agency"),
                    full_name=data.get("full_name", ""), email=data.get("email", ""))

    def validate_form(self, request, form):
        account = getattr(form, "_object", None)
        if account is not None:  # a change by a mall admin or an agency admin
            args = self._update_args(form)
            errors = access.staff_assignment_errors(
                request.user, role=args.get("role", account.role), site=account.site,
                agency=args.get("agency", account.agency))
            errors.pop("site", None)
            if account.pk == request.user.pk and (
                    args.get("role", account.role) != account.role
                    or args.get("is_active", True) is False):
                errors.setdefault("role", gettext(
                    "You cannot change your own role or your own access: ask another admin."))
            if errors:
                return errors
            return services.user_update_validate(user=account, **args)
        args = self._create_args(form)
        errors = access.staff_assignment_errors(request.user, role=args["role"],
                                                site=args["site"], agency=args["agency"])
        if errors:
            return errors
        args.pop("full_name")
        args.pop("email")
        return services.user_create_validate(**args)

    def save_model(self, request, obj, form, change):
        if change and request.user.is_superuser:  # Django's own user form
            return admin.ModelAdmin.save_model(self, request, obj, form, change)
        if change:
            return copy_into(obj, services.user_update(user=obj, **self._update_args(form)))
        copy_into(obj, services.user_create(**self._create_args(form)))

    def save_related(self, request, form, formsets, change):
        if change and request.user.is_superuser:
            return admin.ModelAdmin.save_related(self, request, form, formsets, change)


admin.site.register(User, UserAdmin)


# --- API tokens -----------------------------------------------------------------------------

class TokenIssueForm(ServiceBackedForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    form = TokenIssueForm
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "expires_at",
                    "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    actions = ["revoke"]
    view_roles = add_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    change_roles = ()  # a token is issued or revoked, never edited
    readonly_fields = ("prefix", "user", "name", "created_at", "last_used_at", "expires_at",
                       "revoked_at")

    def scope(self, request, queryset):
        return access.tokens_queryset(request.user, queryset)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = access.users_queryset(request.user).filter(
                is_active=True).exclude(role="")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def validate_form(self, request, form):
        user = form.cleaned_data.get("user")
        if user is not None and not access.can_manage_user(request.user, user):
            return {"user": gettext("This belongs to another agency.")}
        return {}

    def save_model(self, request, obj, form, change):
        token, secret = services.token_create(
            user=form.cleaned_data["user"], name=form.cleaned_data.get("name", ""),
            expires_at=form.cleaned_data.get("expires_at"))
        copy_into(obj, token)
        request._mpp_token_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        """Show the secret once, on this page only: it is in no message, cookie or row."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Token issued"),
            "token": obj,
            "secret": request._mpp_token_secret,
        }
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_view_permission(request):
            actions.pop("revoke", None)
        return actions

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in self.scope(request, queryset).filter(revoked_at__isnull=True):
            services.token_revoke(token=token)
            count += 1
        self.message_user(request, ngettext("%(count)d token revoked.",
                                            "%(count)d tokens revoked.", count)
                          % {"count": count}, messages.SUCCESS)

