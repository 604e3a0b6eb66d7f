"""Reads of the catalog."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .models import Agency, Counter, CounterService, Service, Site


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def agency_list(*, site: Site, include_inactive: bool = False) -> QuerySet[Agency]:
    queryset = Agency.objects.filter(site=site)
    if not include_inactive:
        queryset = queryset.filter(active=True)
    return queryset.order_by("position", "name")


def service_search(
    *, site: Site, q: str = "", agency: str = "", include_inactive: bool = False
) -> QuerySet[Service]:
    """Services of a site, narrowed by a free-text query and an agency slug."""
    queryset = Service.objects.filter(site=site).select_related("agency")
    if not include_inactive:
        queryset = queryset.filter(active=True, agency__active=True)
    if agency:
        queryset = queryset.filter(agency__slug=agency)
    for word in (q or "").split()[:8]:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(code__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(agency__short_name__icontains=word)
            | Q(product__icontains=word)
        )
    return queryset.order_by("agency__position", "agency__name", "position", "name")


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


def service_public_standard(service: Service) -> dict:
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


def service_full_standard(service: Service) -> dict:
    """All 14 components, for the agency's staff and the mall admin."""
    return {
        **service_public_standard(service),
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
