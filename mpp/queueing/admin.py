"""The back office for the queue: each kiosk's ticket printer.

Only the mall admin (for the kiosks of their site) and superusers see and change kiosk
printers; scoping and permissions come from `mpp.accounts.access` through the catalog's
`ScopedAdmin`, and writes go through `services.kiosk_printer_set`, whose errors land on the
form's fields.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.errors import Invalid
from mpp.lib.admin import ScopedAdmin, ServiceBackedForm

from . import printers, services
from .models import DisplaySettings, KioskPrinter

FORM_FIELDS = ["kiosk", "kind", "paper_width", "host", "port", "usb_vendor_id", "usb_product_id",
               "usb_in_endpoint", "usb_out_endpoint", "header", "footer", "active"]


class KioskPrinterForm(ServiceBackedForm):
    class Meta:
        model = KioskPrinter
        fields = FORM_FIELDS


@admin.register(KioskPrinter)
class KioskPrinterAdmin(ScopedAdmin):
    form = KioskPrinterForm
    list_display = ("kiosk", "kind", "paper_width", "host", "port", "active", "updated_at")
    list_filter = ("kind", "active")
    search_fields = ("kiosk__username", "host")
    list_select_related = ("kiosk",)
    view_roles = add_roles = change_roles = (Role.MALL_ADMIN,)
    service_fields = set(printers.PRINTER_FIELDS)

    def scope(self, request, queryset):
        return access.scope_queryset(request.user, queryset, site_field="kiosk__site")

    def get_readonly_fields(self, request, obj=None):
        return ("kiosk",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kiosk":
            kwargs["queryset"] = access.users_queryset(request.user).filter(
                role=Role.KIOSK, kiosk_printer__isnull=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _site(self, request):
        return None if request.user.is_superuser else request.user.site

    def validate_form(self, request, form):
        kiosk = form._object.kiosk if form._object else form.cleaned_data.get("kiosk")
        if kiosk is None:
            return {}
        try:
            printers.kiosk_printer_validate(kiosk=kiosk, site=self._site(request),
                                            **self.form_data(form))
        except Invalid as error:
            return dict(error.fields) or {"__all__": str(error.message)}
        return {}

    def write(self, request, obj, form, change):
        kiosk = obj.kiosk if change else form.cleaned_data["kiosk"]
        return services.kiosk_printer_set(kiosk=kiosk, site=self._site(request),
                                          **self.form_data(form))


# --- display boards (the screens' helper) -----------------------------------------------------

class DisplaySettingsForm(ServiceBackedForm):
    class Meta:
        model = DisplaySettings
        fields = ["site", "running_text"]


@admin.register(DisplaySettings)
class DisplaySettingsAdmin(ScopedAdmin):
    """The running text of a site's display boards, set by its mall admin."""

    form = DisplaySettingsForm
    list_display = ("site", "running_text", "updated_at")
    view_roles = add_roles = change_roles = (Role.MALL_ADMIN,)

    def scope(self, request, queryset):
        return queryset.filter(site__in=access.sites_queryset(request.user))

    def get_readonly_fields(self, request, obj=None):
        return ("site",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = access.sites_queryset(request.user).filter(
                display_settings__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def validate_form(self, request, form):
        text = form.cleaned_data.get("running_text", "")
        if "\n" in text or "\r" in text:
            return {"running_text": gettext("One line only.")}
        return {}

    def write(self, request, obj, form, change):
        # A one-field settings row: no service function yet (see the screens' report).
        site = obj.site if change else form.cleaned_data["site"]
        settings_row, _created = DisplaySettings.objects.update_or_create(
            site=site, defaults={"running_text": form.cleaned_data.get("running_text", "").strip()})
        return settings_row
