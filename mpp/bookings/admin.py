"""The back office's booking list: read-only, scoped through `mpp.accounts.access` (an
agency's admins see their agency's bookings, the mall admin the site's). The NIK appears
only masked (nothing else is stored); the phone is masked too."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.lib.admin import ScopedAdmin
from mpp.lib.phone import phone_mask

from .models import Booking, BookingEvent


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    list_display = ("display_code", "date", "slot_start", "service", "name", "nik_masked",
                    "status", "channel", "integrator", "created_at")
    list_filter = ("status", "channel", "date", ("service", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name")
    list_select_related = ("service", "integrator")
    date_hierarchy = "date"
    ordering = ("-date", "slot_start")
    view_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    add_roles = change_roles = ()
    fields = ("code", "site", "service", "date", "slot_start", "slot_end", "name", "nik_masked",
              "masked_phone", "email", "status", "channel", "integrator", "created_at",
              "checked_in_at", "cancelled_at", "no_show_at", "reminded_at", "ticket")
    readonly_fields = fields
    inlines = [BookingEventInline]

    @admin.display(description=_("code"), ordering="code")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return phone_mask(obj.phone)

    def get_search_results(self, request, queryset, search_term):
        # Codes are typed as read: any case, with or without the dash.
        return super().get_search_results(
            request, queryset, search_term.replace("-", "").strip().upper()
            if len(search_term.replace("-", "").strip()) == 8 else search_term)

    def scope(self, request, queryset):
        return access.scope_queryset(request.user, queryset, agency_field="service__agency")

    def has_change_permission(self, request, obj=None):
        return False
