"""The back office for notifications: what was sent to citizens, what failed and why.

Read-only (the rows are written by the services and the worker); the mall admin sees their
site's notifications, a superuser every site's. Phone numbers are masked in the list (UU PDP).
Failed notifications can be sent again with the "Retry" action (`services.notification_retry`).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.lib.admin import ScopedAdmin

from . import services
from .models import Notification, PeriodicRun


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ("created_at", "site", "kind", "channel", "recipient_display", "status",
                    "attempts", "last_error_short", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("dedupe_key", "subject")
    list_select_related = ("site",)
    date_hierarchy = "created_at"
    view_roles = (Role.MALL_ADMIN,)
    actions = ["retry_failed"]
    fields = ("site", "kind", "channel", "recipient_display", "subject", "body", "dedupe_key",
              "status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at")
    readonly_fields = fields

    def scope(self, request, queryset):
        return queryset.filter(site__in=access.sites_queryset(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return self._role_in(request, (Role.MALL_ADMIN,))

    @admin.display(description=_("recipient"))
    def recipient_display(self, obj):
        return obj.recipient_masked

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Retry the selected failed notifications"),
                  permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = services.notification_retry(notifications=self.scope(request, queryset))
        if count:
            self.message_user(request, ngettext(
                "%(count)d notification will be sent again.",
                "%(count)d notifications will be sent again.", count) % {"count": count},
                messages.SUCCESS)
        else:
            self.message_user(request, gettext("None of the selected notifications failed."),
                              messages.WARNING)


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ScopedAdmin):
    """The periodic jobs' runs: platform-wide, for superusers only."""

    list_display = ("name", "period_start", "outcome", "finished_at")
    list_filter = ("outcome", "name")
    readonly_fields = ("name", "period_start", "outcome", "error", "created_at", "finished_at")
    fields = readonly_fields
    view_roles = ()

    def scope(self, request, queryset):
        return queryset if request.user.is_superuser else queryset.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
