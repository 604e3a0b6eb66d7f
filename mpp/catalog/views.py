"""Public catalog pages (placeholder: being written)."""

from django.http import HttpRequest, HttpResponse


def site_page(request: HttpRequest, site: str) -> HttpResponse:
    return HttpResponse(site)


def service_page(request: HttpRequest, site: str, code: str) -> HttpResponse:
    return HttpResponse(code)
