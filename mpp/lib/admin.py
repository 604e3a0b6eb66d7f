"""What every app's back office shares (as healthchecks keeps `hc/lib/`): admins whose
permissions come from the user's role and scope (`mpp.accounts.access`), not from Django's
model permissions, and forms whose validation is the domain's own `*_validate` service, so
that errors land on the form's fields and the one write happens in `save_model`.

Subclasses of `ScopedAdmin` set `view_roles`, `add_roles`, `change_roles` and implement
`scope` (the queryset the user may see), `may_change` (one object), `validate_form` (the
service's `*_validate`: errors by field, nothing written) and `write` (the service call).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from mpp.accounts import access
from mpp.errors import Invalid


class ServiceBackedForm(forms.ModelForm):
    """A model form whose validation is the domain service's, not the model's.

    The admin sets `_admin` and `_request` on a subclass (see `ScopedAdmin.get_form`);
    `ScopedAdmin.validate_form` returns the service's errors by field."""

    _admin: "ScopedAdmin"
    _request = None

    def _post_clean(self):
        # Fields the form already rejected are left out of the data (and of the report).
        errors = self._admin.validate_form(self._request, self)
        for field, message in errors.items():
            if field in self.fields:
                if field not in self.errors:
                    self.add_error(field, message)
            else:
                self.add_error(None, message if field == "__all__" else f"{field}: {message}")


def copy_into(target, source) -> None:
    """Make the admin's unsaved instance the row the service saved (for logs and redirects)."""
    for key, value in source.__dict__.items():
        if key != "_state":
            target.__dict__[key] = value
    target._state.adding = False
    target._state.db = source._state.db


class ScopedAdmin(admin.ModelAdmin):
    """Role-scoped permissions and service-backed writes.

    Subclasses set `view_roles`, `add_roles`, `change_roles` and implement `scope` (the
    queryset the user may see), `may_change` (one object), `validate_form` and `write`."""

    form = ServiceBackedForm
    view_roles: tuple = ()
    add_roles: tuple = ()
    change_roles: tuple = ()

    # -- permissions ---------------------------------------------------------------------

    def _role_in(self, request, roles) -> bool:
        user = request.user
        if user.is_superuser:
            return user.is_active
        return access.can_use_back_office(user) and user.role in roles

    def has_module_permission(self, request):
        return self._role_in(request, self.view_roles)

    def has_view_permission(self, request, obj=None):
        if not self._role_in(request, self.view_roles):
            return False
        return obj is None or self.scope(request, self.model.objects.filter(pk=obj.pk)).exists()

    def has_add_permission(self, request):
        return self._role_in(request, self.add_roles)

    def has_change_permission(self, request, obj=None):
        if not self._role_in(request, self.change_roles):
            return False
        return obj is None or request.user.is_superuser or self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and request.user.is_active

    def scope(self, request, queryset):
        raise NotImplementedError

    def may_change(self, request, obj) -> bool:
        return self.scope(request, self.model.objects.filter(pk=obj.pk)).exists()

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        """Another agency's object answers 403, never its form; an unknown id stays unknown."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(
                from_field)
            try:
                exists = self.model._default_manager.filter(
                    **{field.name: field.to_python(object_id)}).exists()
            except Exception:  # a malformed id: Django's own "does not exist" answer
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    # -- forms and writes ------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"_admin": self, "_request": request,
                                             "_object": obj})

    def form_data(self, form) -> dict[str, Any]:
        """The cleaned values the service takes (those the form has)."""
        return {name: form.cleaned_data[name] for name in self.service_fields
                if name in form.cleaned_data}

    service_fields: set[str] = set()

    def validate_form(self, request, form) -> dict[str, str]:
        return {}

    def write(self, request, obj, form, change):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        saved = self.write(request, obj, form, change)
        copy_into(obj, saved)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Invalid as error:
            # Validation passed but the write lost a race: nothing was saved (the admin's
            # transaction rolled back); say why and let the user try again.
            messages.error(request, str(error.message))
            return HttpResponseRedirect(request.get_full_path())
