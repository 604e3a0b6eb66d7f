"""Catalog writes racing each other: a prefix ends up owned by exactly one agency, a code
exists once, on SQLite and on PostgreSQL."""

import threading

import pytest
from django.db import close_old_connections, connection

from mpp.catalog import services as catalog
from mpp.catalog.models import Agency, Service
from mpp.conftest import build_mall
from mpp.errors import Invalid

pytestmark = pytest.mark.django_db(transaction=True)


def race(functions):
    """Run each function in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return results


def test_eight_agencies_claiming_one_prefix_at_once_leaves_one_owner():
    mall = build_mall()
    agencies = [mall.disdukcapil, mall.samsat, mall.pln] + [
        catalog.agency_create(site=mall.site, slug=f"instansi-{n}", name=f"Instansi {n}",
                              kind="other")
        for n in range(5)
    ]
    results = race([
        (lambda agency=agency, n=n: catalog.service_create(
            agency=agency, code=f"layanan-{n}", name=f"Layanan {n}", prefix="Z"))
        for n, agency in enumerate(agencies)
    ])
    created = [r for r in results if isinstance(r, Service)]
    refused = [r for r in results if isinstance(r, Invalid)]
    assert len(created) == 1 and len(refused) == 7, results
    assert all("prefix" in error.fields for error in refused)
    owners = set(Service.objects.filter(prefix="Z").values_list("agency_id", flat=True))
    assert owners == {created[0].agency_id}


def test_the_same_code_created_eight_times_at_once_exists_once():
    mall = build_mall()
    results = race([
        (lambda: catalog.service_create(agency=mall.pln, code="tambah-daya", name="Tambah Daya",
                                        prefix="C"))
        for _ in range(8)
    ])
    assert sum(isinstance(r, Service) for r in results) == 1
    assert all(isinstance(r, (Service, Invalid)) for r in results), results
    assert Service.objects.filter(code="tambah-daya").count() == 1
    assert Agency.objects.count() == 3
