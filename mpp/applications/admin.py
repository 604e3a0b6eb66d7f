"""The back office's application list: read-only, scoped (an agency's staff see their
agency's applications, the mall admin the site's); status changes go through the worklist
and the API, which call the named transitions. The NIK appears only masked."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mpp.accounts.models import Role
from mpp.lib.admin import ScopedAdmin
from mpp.lib.phone import phone_mask

from . import access, selectors
from .models import Application, ApplicationEvent, ApplicationFile


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ("at", "action", "from_status", "to_status", "note", "actor")
    readonly_fields = fields


class FileInline(ReadOnlyInline):
    model = ApplicationFile
    fields = ("kind", "requirement", "requirement_text", "content_type", "size",
              "uploaded_at")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ("display_code", "service", "applicant_name", "status", "channel",
                    "received_on", "due_date", "overdue")
    list_filter = ("status", "channel", ("service", admin.RelatedOnlyFieldListFilter))
    search_fields = ("tracking_code", "applicant_name")
    list_select_related = ("service", "site")
    date_hierarchy = "received_on"
    view_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN, Role.OFFICER)
    add_roles = change_roles = ()
    fields = ("tracking_code", "site", "agency", "service", "channel", "status",
              "applicant_name", "nik_masked", "masked_phone", "email", "ticket",
              "received_at", "due_date_initial", "due_date", "paused_since", "paused_days",
              "missing_note", "ready_at", "collected_at", "rejected_at")
    readonly_fields = fields
    inlines = [FileInline, EventInline]

    @admin.display(description=_("tracking code"), ordering="tracking_code")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return phone_mask(obj.phone) if obj.phone else ""

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return selectors.is_overdue(application=obj)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.replace("-", "").strip()
        return super().get_search_results(
            request, queryset, term.upper() if len(term) == 8 else search_term)

    def scope(self, request, queryset):
        return access.applications_queryset(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        return False
