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

Writes go through `mpp.catalog.services`. A form first runs the service's own validation
(`service_validate`, or the service itself inside a transaction that is rolled back), so its
errors land on the form's fields and nothing is saved; `save_model` then calls the service.
Deleting is left to superusers: staff switch a service or agency off with "active".
"""

from __future__ import annotations

from typing import Any, Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy as _

from mpp.accounts import access
from mpp.accounts.models import Role
from mpp.errors import Invalid

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

class _Rollback(Exception):
    pass


def dry_run(write: Callable[[], Any]) -> dict[str, str]:
    """Run a service call and roll it back: the errors by field it would raise (empty: none)."""
    try:
        with transaction.atomic():
            write()
            raise _Rollback
    except _Rollback:
        return {}
    except Invalid as error:
        return dict(error.fields) or {"__all__": str(error.message)}


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
class SiteAdmin(ScopedAdmin):
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
        if form._object is None:
            return dry_run(lambda: catalog.site_create(**data))
        return dry_run(lambda: catalog.site_update(site=form._object, **data))

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
class AgencyAdmin(ScopedAdmin):
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
            return dry_run(lambda: catalog.agency_create(site=site, **data))
        return dry_run(lambda: catalog.agency_update(agency=form._object, **data))

    def write(self, request, obj, form, change):
        data = self.form_data(form)
        if change:
            return catalog.agency_update(agency=obj, **data)
        return catalog.agency_create(site=form.cleaned_data["site"], **data)


# --- services -------------------------------------------------------------------------------

class AgencyOwnedAdmin(ScopedAdmin):
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
        if form._object is None:
            result = dry_run(lambda: catalog.counter_create(agency=agency, services=services,
                                                            **data))
        else:
            result = dry_run(lambda: catalog.counter_update(counter=form._object,
                                                            services=services, **data))
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
