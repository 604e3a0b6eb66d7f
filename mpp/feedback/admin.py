"""The back office's lists of survey responses and complaints: read-only and scoped (an
agency's staff see their agency's, the mall admin the site's). A complaint's identity is
shown through `selectors.identity_for_staff` only (nothing for an anonymous report, the
phone masked); the raw name, phone and e-mail fields are never in a form. Changes go
through the worklist and the API, which call the named transitions."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mpp.accounts.models import Role
from mpp.catalog.calendar import site_today
from mpp.lib.admin import ScopedAdmin
from mpp.lib.phone import phone_mask

from . import selectors
from .models import Complaint, ComplaintEvent, SurveyResponse


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "agency", "by_filer", "message")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    list_display = ("display_code", "kind", "agency", "status", "channel", "submitted_on",
                    "due_date", "overdue")
    list_filter = ("status", "kind", "channel", ("agency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("tracking_code", "lapor_id")
    list_select_related = ("agency", "site")
    date_hierarchy = "submitted_on"
    view_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN, Role.OFFICER)
    add_roles = change_roles = ()
    fields = ("tracking_code", "site", "agency", "service", "kind", "channel", "status",
              "body", "anonymous", "confidential", "filed_by", "submitted_at",
              "due_date", "final_due_date", "answered_at", "closed_at", "escalated_at",
              "rating", "lapor_id", "lapor_sent_at")
    readonly_fields = fields
    inlines = [EventInline]

    @admin.display(description=_("tracking code"), ordering="tracking_code")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description=_("filed by"))
    def filed_by(self, obj):
        identity = selectors.identity_for_staff(obj)
        if identity is None:
            return _("Anonymous")
        parts = [identity.name, phone_mask(identity.phone) if identity.phone else "",
                 identity.email]
        return " · ".join(part for part in parts if part) or "-"

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return selectors.complaint_is_overdue(obj, site_today(obj.site))

    def get_search_results(self, request, queryset, search_term):
        term = search_term.replace("-", "").strip()
        return super().get_search_results(
            request, queryset, term.upper() if len(term) == 8 else search_term)

    def scope(self, request, queryset):
        return selectors.complaints_visible(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ScopedAdmin):
    list_display = ("submitted_on", "service", "source", "officer_rating", "u1", "u2", "u3",
                    "u4", "u5", "u6", "u7", "u8", "u9")
    list_filter = ("source", ("agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("service",)
    date_hierarchy = "submitted_on"
    view_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    add_roles = change_roles = ()
    fields = ("site", "agency", "service", "source", "u1", "u2", "u3", "u4", "u5", "u6", "u7",
              "u8", "u9", "officer", "officer_rating", "comment", "gender", "age_band",
              "education", "occupation", "submitted_at")
    readonly_fields = fields

    def scope(self, request, queryset):
        user = request.user
        if user.is_superuser:
            return queryset
        if user.role == Role.MALL_ADMIN:
            return queryset.filter(site_id=user.site_id)
        if user.role == Role.AGENCY_ADMIN and user.agency_id:
            return queryset.filter(agency_id=user.agency_id)
        return queryset.none()

    def has_change_permission(self, request, obj=None):
        return False
