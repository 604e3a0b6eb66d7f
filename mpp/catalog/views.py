"""Public catalog pages, mounted at /s/: a site's agencies and services with search, a
service's published standard, an agency's page. Server-rendered; the search box also works
live with htmx, and without JavaScript."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from . import selectors
from .models import Site


def _site_or_404(slug: str) -> Site:
    site = selectors.site_by_slug(slug=slug)
    if site is None:
        raise Http404(_("There is no such MPP."))
    return site


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx request for the results only (not a history restore, which needs the page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def site_page(request: HttpRequest, site: str) -> HttpResponse:
    site_obj = _site_or_404(site)
    directory = selectors.site_directory(
        site=site_obj, q=request.GET.get("q", ""), agency=request.GET.get("agency", "")
    )
    partial = _wants_partial(request)
    context = {"site": site_obj, "directory": directory, "partial": partial}
    template = "catalog/_results.html" if partial else "catalog/site.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def agency_page(request: HttpRequest, site: str, agency: str) -> HttpResponse:
    site_obj = _site_or_404(site)
    agency_obj = selectors.agency_public(site=site_obj, slug=agency)
    if agency_obj is None:
        raise Http404(_("There is no such agency at this MPP."))
    services = list(selectors.service_search(site=site_obj, agency=agency_obj.slug))
    counters = list(selectors.agency_counters(agency=agency_obj))
    return render(
        request,
        "catalog/agency.html",
        {"site": site_obj, "agency": agency_obj, "services": services, "counters": counters},
    )


def service_page(request: HttpRequest, site: str, code: str) -> HttpResponse:
    service = selectors.service_public(site_slug=site, code=code)
    if service is None:
        raise Http404(_("There is no such service at this MPP."))
    return render(
        request,
        "catalog/service.html",
        {"site": service.site, "agency": service.agency, "service": service},
    )
