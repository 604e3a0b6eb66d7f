"""The back office for the catalog: sites, agencies, services and counters, scoped by role.

Who enters the admin: Django superusers (the platform), and mall admins and agency admins.
`accounts.services.user_create` sets `is_staff` for exactly those two roles, and the admin
site's `has_permission` is `accounts.access.can_use_back_office` (set in
`mpp/accounts/admin.py`), so officers, the front desk, kiosks and integrators are turned away
at the login page even if someone ticks their staff flag by hand.

What each one sees is decided in `mpp.accounts.access` only: every queryset goes through
`sites_queryset` / `managed_agencies_queryset` / `scope_queryset`, foreign-key choices are
narrowed the same way, and opening another agency's object by URL answers 403 (never the
form). Model permissions of `django.contrib.auth` are not used for roles: the role decides.

Writes go through `mpp.catalog.services`. A form first checks through the service's own
`*_validate` (`site_validate`, `agency_validate`, `service_validate`, `counter_validate`: the
errors by field, nothing written), so its errors land on the form's fields; `save_model` then
calls the service once. The base classes are `mpp/lib/admin.py`'s.
Deleting is left to superusers: staff switch a service or agency off with "active".
"""

from __future__ import annotations

from copy import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy as _

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.lib.admin import ScopedAdmin, ServiceBackedForm

from . import importexport
from . import services as catalog
from .models import Agency, Channel, ClosedDay, Counter, CounterService, Service, Site

admin.site.site_header = _("MPP — Back office")
admin.site.site_title = _("MPP back office")
admin.site.index_title = _("Catalog and accounts")

WEEKDAY_CHOICES = [
    (1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")),
    (5, _("Friday")), (6, _("Saturday")), (7, _("Sunday")),
]


# --- shared machinery -----------------------------------------------------------------------

class CatalogAdmin(ScopedAdmin):
    """A catalog admin: a superuser's delete of an agency or a service moves the site's
    catalog version too (the public lists' cache and ETag follow it)."""

    # -- deletes (superusers only) -------------------------------------------------------
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if isinstance(obj, (Agency, Service)):
            catalog.catalog_changed(site_id=obj.site_id)

    def delete_queryset(self, request, queryset):
        sites = (set(queryset.values_list("site_id", flat=True))
                 if queryset.model in (Agency, Service) else set())
        super().delete_queryset(request, queryset)
        for site_id in sites:
            catalog.catalog_changed(site_id=site_id)


def scoped_agency_field(request, queryset=None):
    return access.managed_agencies_queryset(request.user, queryset).select_related("site")


def _weekdays_field(label):
    return forms.TypedMultipleChoiceField(
        label=label, choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple,
    )


# --- sites ----------------------------------------------------------------------------------

class ClosedDayInline(admin.TabularInline):
    """Closed days are added through `closed_day_add` and removed through
    `closed_day_remove` by the site's admins; existing ones are shown read-only."""

    model = ClosedDay
    extra = 1
    fields = ("date", "reason")

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return obj is not None and (request.user.is_superuser or access.is_site_admin(
            request.user, obj))

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is None:  # Django asks this for the inline's queryset (rows of the site shown)
            return access.can_use_back_office(request.user) and (
                request.user.role == Role.MALL_ADMIN)
        return access.is_site_admin(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or (obj is not None and access.is_site_admin(
            request.user, obj))


class SiteForm(ServiceBackedForm):
    open_days = _weekdays_field(_("open days"))

    class Meta:
        model = Site
        fields = ["slug", "name", "region", "address", "timezone", "open_days", "opens_at",
                  "closes_at", "booking_horizon_days", "booking_cutoff_minutes",
                  "checkin_before_minutes", "checkin_after_minutes", "late_policy",
                  "turn_near_ahead"]


@admin.register(Site)
class SiteAdmin(CatalogAdmin):
    form = SiteForm
    list_display = ("name", "slug", "region", "timezone", "opens_at", "closes_at")
    search_fields = ("name", "slug", "region")
    inlines = [ClosedDayInline]
    view_roles = change_roles = (Role.MALL_ADMIN,)
    add_roles = ()  # new sites are the platform's (superusers)
    service_fields = catalog.SITE_FIELDS

    def scope(self, request, queryset):
        return access.sites_queryset(request.user, queryset)

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("slug",)

    def validate_form(self, request, form):
        data = self.form_data(form)
        return catalog.site_validate(site=copy(form._object) if form._object else Site(),
                                     data=data)

    def write(self, request, obj, form, change):
        data = self.form_data(form)
        if change:
            return catalog.site_update(site=obj, **data)
        return catalog.site_create(**data)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClosedDay:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(inline_form):
                continue
            formset.new_objects.append(catalog.closed_day_add(
                site=form.instance,
                date=inline_form.cleaned_data["date"],
                reason=inline_form.cleaned_data.get("reason", ""),
            ))
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk and inline_form.instance.site_id == form.instance.pk:
                formset.deleted_objects.append(inline_form.instance)
                catalog.closed_day_remove(closed_day=inline_form.instance)


# --- agencies -------------------------------------------------------------------------------

class AgencyForm(ServiceBackedForm):
    open_days = _weekdays_field(_("open days"))

    class Meta:
        model = Agency
        fields = ["site", "slug", "name", "short_name", "kind", "open_days", "opens_at",
                  "closes_at", "description", "position", "active"]


@admin.register(Agency)
class AgencyAdmin(CatalogAdmin):
    form = AgencyForm
    list_display = ("name", "short_name", "slug", "kind", "site", "position", "active")
    list_filter = ("kind", "active", "site")
    search_fields = ("name", "short_name", "slug")
    view_roles = change_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    add_roles = (Role.MALL_ADMIN,)
    service_fields = catalog.AGENCY_FIELDS

    def scope(self, request, queryset):
        return access.agencies_queryset(request.user, queryset)

    def may_change(self, request, obj):
        return access.can_manage_agency(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            if request.user.role == Role.AGENCY_ADMIN and not request.user.is_superuser:
                return ("site", "slug", "position", "active")
            return ("site",)
        return ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = access.sites_queryset(request.user)
            kwargs["initial"] = request.user.site_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def validate_form(self, request, form):
        data = self.form_data(form)
        if form._object is None:
            site = form.cleaned_data.get("site")
            if site is None:
                return {}
            return catalog.agency_validate(agency=Agency(site=site), data=data)
        return catalog.agency_validate(agency=copy(form._object), data=data)

    def write(self, request, obj, form, change):
        data = self.form_data(form)
        if change:
            return catalog.agency_update(agency=obj, **data)
        return catalog.agency_create(site=form.cleaned_data["site"], **data)


# --- services -------------------------------------------------------------------------------

class AgencyOwnedAdmin(CatalogAdmin):
    """Rows that belong to one agency (services, counters): listed and changed within the
    user's scope, the agency fixed once created, and offered only among the user's own."""

    def scope(self, request, queryset):
        return access.scope_queryset(request.user, queryset)

    def may_change(self, request, obj):
        return access.can_manage_agency(request.user, obj.agency)

    def get_readonly_fields(self, request, obj=None):
        return ("agency",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = scoped_agency_field(request)
            if request.user.role == Role.AGENCY_ADMIN:
                kwargs["initial"] = request.user.agency_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceForm(ServiceBackedForm):
    channels = forms.MultipleChoiceField(
        label=_("channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
        initial=[Channel.DIRECT.value],
    )
    requirements = forms.CharField(
        label=_("requirements"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One requirement per line."),
    )

    class Meta:
        model = Service
        fields = ["agency", *sorted(catalog.SERVICE_FIELDS)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["requirements"] = "\n".join(self.instance.requirements or [])


@admin.register(Service)
class ServiceAdmin(AgencyOwnedAdmin):
    form = ServiceForm
    change_list_template = "admin/catalog/service/change_list.html"
    list_display = ("code", "name", "agency", "prefix", "walkin_quota", "online_quota",
                    "bookable", "active")
    list_filter = ("active", "bookable", "tracked", ("agency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name", "product", "agency__name", "agency__short_name")
    list_select_related = ("agency",)
    view_roles = add_roles = change_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    service_fields = catalog.SERVICE_FIELDS
    fieldsets = (
        (None, {"fields": ("agency", "code", "name", "prefix", "channels", "active",
                           "position")}),
        (_("Service standard: delivery"), {"fields": (
            "requirements", "procedure", "completion_days", "completion_note", "fee",
            "fee_note", "product", "complaint_handling")}),
        (_("Service standard: management"), {"fields": (
            "legal_basis", "facilities", "officer_competence", "internal_supervision",
            "officer_count", "service_guarantee", "security_guarantee",
            "performance_evaluation")}),
        (_("Queue and booking"), {"fields": (
            "walkin_quota", "online_quota", "bookable", "slot_minutes", "slot_capacity",
            "expected_minutes", "tracked")}),
        (_("Booking settings (empty: the site's)"), {"fields": (
            "booking_horizon_days", "booking_cutoff_minutes", "checkin_before_minutes",
            "checkin_after_minutes", "late_policy")}),
    )


    def validate_form(self, request, form):
        data = self.form_data(form)
        if form._object is None:
            agency = form.cleaned_data.get("agency")
            if agency is None:
                return {}
            probe = Service(site_id=agency.site_id, agency=agency)
        else:
            probe = Service.objects.get(pk=form._object.pk)
        return catalog.service_validate(service=probe, data=data)

    def write(self, request, obj, form, change):
        data = self.form_data(form)
        if change:
            return catalog.service_update(service=obj, **data)
        return catalog.service_create(agency=form.cleaned_data["agency"], **data)

    # -- import and export ------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("export/", self.admin_site.admin_view(self.export_view),
                 name="%s_%s_export" % info),
            path("import/", self.admin_site.admin_view(self.import_view),
                 name="%s_%s_import" % info),
            *super().get_urls(),
        ]

    def _site_for(self, request, slug: str | None):
        """A staff member exports their own site; a superuser the one asked for (or all)."""
        if request.user.is_superuser:
            return Site.objects.filter(slug=slug).first() if slug else None
        return request.user.site

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        fmt = request.GET.get("format", "csv")
        if fmt not in importexport.FORMATS:
            fmt = "csv"
        site = self._site_for(request, request.GET.get("site"))
        agencies = access.agencies_queryset(request.user)
        if site is not None:
            agencies = agencies.filter(site=site)
        content = importexport.services_export(agency_queryset=agencies, format=fmt)
        response = HttpResponse(content, content_type=importexport.CONTENT_TYPES[fmt])
        name = f"services-{site.slug if site else 'all'}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = ServiceImportForm(request.POST or None, request.FILES or None,
                                 sites=access.sites_queryset(request.user)
                                 if request.user.is_superuser else None)
        report = None
        if request.method == "POST" and form.is_valid():
            site = form.cleaned_data.get("site") or request.user.site
            upload = form.cleaned_data["file"]
            report = importexport.services_import(
                site=site, content=upload.read(), filename=upload.name, actor=request.user)
            if report.ok:
                messages.success(request, gettext(
                    "Import done: %(created)d services created, %(updated)d updated.") % {
                    "created": len(report.created), "updated": len(report.updated)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import services"),
            "form": form,
            "report": report,
            "columns": importexport.COLUMNS,
        }
        return TemplateResponse(request, "admin/catalog/service/import.html", context)


class ServiceImportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none())
    file = forms.FileField(label=_("file (CSV or XLSX)"))

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sites is None:
            del self.fields["site"]
        else:
            self.fields["site"].queryset = sites


# --- counters -------------------------------------------------------------------------------

class CounterForm(ServiceBackedForm):
    service_codes = forms.CharField(
        label=_("services, in call order"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Service codes of the counter's agency, one per line, in the order "
                    "'call next' takes them."),
    )

    class Meta:
        model = Counter
        fields = ["agency", "code", "name", "floor", "is_open"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["service_codes"] = "\n".join(
                self.instance.services.order_by("counterservice__position").values_list(
                    "code", flat=True))


def _split_codes(text: str) -> list[str]:
    return [part for part in (text or "").replace(",", "\n").split() if part]


@admin.register(Counter)
class CounterAdmin(AgencyOwnedAdmin):
    form = CounterForm
    list_display = ("code", "name", "agency", "floor", "is_open", "ordered_services")
    list_filter = ("is_open", ("agency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name", "agency__name")
    list_select_related = ("agency",)
    view_roles = add_roles = change_roles = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)
    service_fields = catalog.COUNTER_FIELDS

    def get_queryset(self, request):
        # The services column of every row in one more query, in call order.
        return super().get_queryset(request).prefetch_related(Prefetch(
            "counterservice_set", queryset=CounterService.objects.select_related("service")
            .order_by("position", "id")))

    @admin.display(description=_("services"))
    def ordered_services(self, obj):
        return ", ".join(link.service.code for link in obj.counterservice_set.all())


    def _services(self, form, agency) -> tuple[list[Service], dict[str, str]]:
        codes = _split_codes(form.cleaned_data.get("service_codes", ""))
        found = {s.code: s for s in Service.objects.filter(site_id=agency.site_id,
                                                            code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            return [], {"service_codes": gettext("Unknown service: %(codes)s.") % {
                "codes": ", ".join(missing)}}
        return list(dict.fromkeys(found[code] for code in codes)), {}

    def validate_form(self, request, form):
        data = self.form_data(form)
        agency = form._object.agency if form._object else form.cleaned_data.get("agency")
        if agency is None:
            return {}
        services, errors = self._services(form, agency)
        if errors:
            return errors
        counter = (copy(form._object) if form._object
                   else Counter(site_id=agency.site_id, agency=agency))
        result = catalog.counter_validate(counter=counter, data=data, services=services)
        if "services" in result:
            result["service_codes"] = result.pop("services")
        return result

    def write(self, request, obj, form, change):
        data = self.form_data(form)
        agency = obj.agency if change else form.cleaned_data["agency"]
        services, _errors = self._services(form, agency)
        if change:
            return catalog.counter_update(counter=obj, services=services, **data)
        return catalog.counter_create(agency=agency, services=services, **data)
