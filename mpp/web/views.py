from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from mpp.catalog.selectors import site_list


def home(request: HttpRequest) -> HttpResponse:
    sites = list(site_list())
    if len(sites) == 1:
        return redirect("catalog:site", site=sites[0].slug)
    return render(request, "web/home.html", {"sites": sites})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
