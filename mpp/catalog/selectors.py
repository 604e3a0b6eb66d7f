"""Reads of the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from .models import Agency, Counter, CounterService, Service, Site


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def agency_list(*, site: Site, include_inactive: bool = False) -> QuerySet[Agency]:
    queryset = Agency.objects.filter(site=site)
    if not include_inactive:
        queryset = queryset.filter(active=True)
    return queryset.order_by("position", "name")


def site_by_slug(*, slug: str) -> Site | None:
    return Site.objects.filter(slug=slug).first()


def agency_public(*, site: Site, slug: str) -> Agency | None:
    """An active agency of the site, or None."""
    return Agency.objects.filter(site=site, slug=slug, active=True).first()


def service_search(
    *,
    site: Site,
    q: str = "",
    agency: str = "",
    include_inactive: bool = False,
    in_requirements: bool = False,
) -> QuerySet[Service]:
    """Services of a site, narrowed by a free-text query and an agency slug.

    Every word of `q` must match the service's name, code or product or its agency's name;
    with `in_requirements` (the public catalog page) a word may also match a requirement."""
    queryset = Service.objects.filter(site=site).select_related("agency")
    if not include_inactive:
        queryset = queryset.filter(active=True, agency__active=True)
    if agency:
        queryset = queryset.filter(agency__slug=agency)
    for word in (q or "").split()[:8]:
        match = (
            Q(name__icontains=word)
            | Q(code__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(agency__short_name__icontains=word)
            | Q(product__icontains=word)
        )
        if in_requirements:
            # The list is stored as JSON text; a substring of one requirement matches it.
            match |= Q(requirements__icontains=word)
        queryset = queryset.filter(match)
    return queryset.order_by("agency__position", "agency__name", "position", "name")


@dataclass
class AgencyEntry:
    """One agency on the public catalog page, with the services the search kept."""

    agency: Agency
    services: list[Service] = field(default_factory=list)


@dataclass
class Directory:
    """The public catalog page of a site: its agencies (for the filter) and the results."""

    site: Site
    agencies: list[Agency]
    entries: list[AgencyEntry]
    q: str
    agency: str

    @property
    def service_count(self) -> int:
        return sum(len(entry.services) for entry in self.entries)

    @property
    def searching(self) -> bool:
        return bool(self.q or self.agency)


def site_directory(*, site: Site, q: str = "", agency: str = "") -> Directory:
    """Active agencies of a site with their active services, narrowed by a search query
    (service name, agency name or requirement) and an agency slug. Two queries whatever
    the number of services."""
    q = " ".join((q or "").split())[:100]
    agencies = list(agency_list(site=site))
    known = {a.slug for a in agencies}
    agency = agency if agency in known else ""
    grouped: dict[int, list[Service]] = {}
    for service in service_search(site=site, q=q, agency=agency, in_requirements=True):
        grouped.setdefault(service.agency_id, []).append(service)
    entries = []
    for item in agencies:
        if agency and item.slug != agency:
            continue
        services = grouped.get(item.pk, [])
        if q and not services:
            continue
        entries.append(AgencyEntry(agency=item, services=services))
    return Directory(site=site, agencies=agencies, entries=entries, q=q, agency=agency)


def service_public(*, site_slug: str, code: str) -> Service | None:
    """An active service of an active agency, with its site, agency and the counters that
    serve it (`service.serving_counters`), in two queries; None when there is none."""
    return (
        Service.objects.filter(
            site__slug=site_slug, code=code, active=True, agency__active=True
        )
        .select_related("site", "agency")
        .prefetch_related(
            Prefetch(
                "counters",
                queryset=Counter.objects.order_by("code"),
                to_attr="serving_counters",
            )
        )
        .first()
    )


def counter_list(*, site: Site) -> QuerySet[Counter]:
    return (
        Counter.objects.filter(site=site)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "counterservice_set",
                queryset=CounterService.objects.select_related("service").order_by("position"),
            )
        )
        .order_by("code")
    )


def service_public_standard(*, service: Service) -> dict:
    """The part of the service standard published to citizens (components 1-7)."""
    return {
        "requirements": list(service.requirements or []),
        "procedure": service.procedure,
        "completion_days": service.completion_days,
        "fee": service.fee,
        "product": service.product,
        "legal_basis": service.legal_basis,
        "complaint_handling": service.complaint_handling,
    }


def service_full_standard(*, service: Service) -> dict:
    """All 14 components, for the agency's staff and the mall admin."""
    return {
        **service_public_standard(service=service),
        "completion_note": service.completion_note,
        "fee_note": service.fee_note,
        "facilities": service.facilities,
        "officer_competence": service.officer_competence,
        "internal_supervision": service.internal_supervision,
        "officer_count": service.officer_count,
        "service_guarantee": service.service_guarantee,
        "security_guarantee": service.security_guarantee,
        "performance_evaluation": service.performance_evaluation,
    }


def agency_counters(*, agency: Agency) -> QuerySet[Counter]:
    return Counter.objects.filter(agency=agency).order_by("code")
