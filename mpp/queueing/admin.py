"""The back office for the queue: each kiosk's ticket printer.

Only the mall admin (for the kiosks of their site) and superusers see and change kiosk
printers; scoping and permissions come from `mpp.accounts.access` through the catalog's
`ScopedAdmin`, and writes go through `services.kiosk_printer_set`, whose errors land on the
form's fields.
"""

from __future__ import annotations

from django.contrib import admin

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.catalog.admin import ScopedAdmin, ServiceBackedForm, dry_run

from . import services
from .models import KioskPrinter

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
    service_fields = set(services.PRINTER_FIELDS)

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
        data = self.form_data(form)
        return dry_run(lambda: services.kiosk_printer_set(kiosk=kiosk, site=self._site(request),
                                                          **data))

    def write(self, request, obj, form, change):
        kiosk = obj.kiosk if change else form.cleaned_data["kiosk"]
        return services.kiosk_printer_set(kiosk=kiosk, site=self._site(request),
                                          **self.form_data(form))
