"""Officers, citizens and printers racing on one application, on both databases: one
application per ticket, one transition wins, one receipt is signed."""

from __future__ import annotations

import pytest

from mpp.applications import services
from mpp.applications.models import Application, ApplicationEvent, SignedDocument
from mpp.conftest import build_mall
from mpp.errors import Conflict
from mpp.queueing.tests.test_races import in_threads, open_hours  # noqa: F401 (fixture)

from .conftest import AGUS, served_ticket

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def test_one_application_per_ticket_when_officers_press_together(open_hours, mpp_files):
    mall = build_mall()
    ticket = served_ticket(mall)
    refused = []

    def press(index):
        try:
            services.application_receive(ticket=ticket, actor=mall.users["dewi"],
                                         applicant_name=f"Agus {index}", nik=AGUS)
        except Conflict as error:
            refused.append(error.code)

    assert in_threads(THREADS, press) == []
    assert Application.objects.count() == 1
    assert refused == ["application_exists"] * (THREADS - 1)


def test_one_transition_wins(open_hours, mpp_files):
    mall = build_mall()
    application = services.application_receive(
        ticket=served_ticket(mall), actor=mall.users["dewi"], applicant_name="Agus",
        nik=AGUS)
    outcomes = []

    def move(index):
        target = "verifying" if index % 2 else "rejected"
        try:
            services.application_set_status(application=application, actor=mall.users["dewi"],
                                            status=target, note="Alasan")
            outcomes.append(target)
        except Conflict:
            outcomes.append("refused")

    assert in_threads(THREADS, move) == []
    application.refresh_from_db()
    winners = [o for o in outcomes if o != "refused"]
    # verifying may be followed by rejected (verifying -> rejected is allowed); never twice
    assert len(winners) in (1, 2) and application.status in winners
    assert ApplicationEvent.objects.filter(action="verify").count() <= 1
    assert ApplicationEvent.objects.filter(action="reject").count() <= 1
    if len(winners) == 2:
        assert winners == ["verifying", "rejected"] and application.status == "rejected"


def test_one_receipt_when_it_is_asked_for_at_once(open_hours, mpp_files):
    mall = build_mall()
    application = services.application_receive(
        ticket=served_ticket(mall), actor=mall.users["dewi"], applicant_name="Agus",
        nik=AGUS)
    codes = []

    def fetch(index):
        codes.append(services.receipt_ensure(application=application,
                                             base_url="https://mpp.test").code)

    assert in_threads(6, fetch) == []
    assert SignedDocument.objects.count() == 1 and len(set(codes)) == 1
