"""Due dates in working days of the site's calendar: national holidays and cuti bersama
(Idul Fitri 2026), the site's own closed days, and the pause while documents are missing."""

from __future__ import annotations

from datetime import date

from mpp.applications import selectors, services
from mpp.catalog import services as catalog

from .conftest import AGUS, served_ticket


def receive(mall, service=None):
    return services.application_receive(
        ticket=served_ticket(mall, service=service), actor=mall.users["dewi"],
        applicant_name="Agus Salim", nik=AGUS)


def test_three_working_days_across_idul_fitri_and_its_cuti_bersama(mall, clock):
    # Tuesday 17 March 2026; closed: Wed 18 (cuti bersama Nyepi), Thu 19 (Nyepi), Fri 20
    # (cuti bersama), Sat 21 and Sun 22 (Idul Fitri), Mon 23 and Tue 24 (cuti bersama)
    clock.set(2026, 3, 17)
    application = receive(mall)
    assert mall.kk.completion_days == 3
    assert application.received_on == date(2026, 3, 17)
    assert application.due_date == application.due_date_initial == date(2026, 3, 27)


def test_a_closed_day_of_the_site_moves_the_due_date(mall, clock):
    catalog.closed_day_add(site=mall.site, date=date(2026, 3, 26), reason="Hari jadi kota")
    clock.set(2026, 3, 17)
    assert receive(mall).due_date == date(2026, 3, 30)


def test_documents_missing_over_a_weekend_stop_the_clock_for_working_days_only(mall, clock):
    dewi = mall.users["dewi"]
    application = receive(mall)  # Monday 23 Nov: due Thursday 26 Nov
    assert application.due_date == date(2026, 11, 26)
    clock.set(2026, 11, 24)
    application = services.application_request_documents(
        application=application, actor=dewi, note="Surat pindah belum ada")
    assert application.paused_since == date(2026, 11, 24)
    clock.set(2026, 11, 30, 10)  # the next Monday: it waited Wed, Thu, Fri and Mon
    assert not selectors.is_overdue(application=application)  # its clock is stopped
    application = services.application_resume(application=application, actor=dewi)
    assert application.status == "verifying"
    assert application.paused_days == 4
    assert application.due_date == date(2026, 12, 2)  # Thu 26 Nov + 4 working days
    assert application.due_date_initial == date(2026, 11, 26)  # as first computed
    event = application.events.get(action="resume")
    assert event.data == {"waited_working_days": 4, "due_date_before": "2026-11-26",
                          "due_date": "2026-12-02"}


def test_a_pause_from_friday_to_monday_costs_one_working_day(mall, clock):
    dewi = mall.users["dewi"]
    application = receive(mall)
    clock.set(2026, 11, 27)
    services.application_request_documents(application=application, actor=dewi,
                                           note="Buku nikah")
    clock.set(2026, 11, 30)
    application = services.application_resume(application=application, actor=dewi)
    assert application.paused_days == 1 and application.due_date == date(2026, 11, 27)


def test_overdue_is_one_rule_in_python_and_sql(mall, clock):
    from mpp.applications.models import Application

    application = receive(mall)  # due Thursday 26 Nov
    for day, expected in ((26, False), (27, True)):
        clock.set(2026, 11, day)
        today = date(2026, 11, day)
        assert selectors.is_overdue(application=application) is expected
        assert Application.objects.filter(selectors.overdue_q(today=today)).exists() is expected
    services.application_set_status(application=application, actor=mall.users["dewi"],
                                    status="processing")
    application = services.application_set_status(application=application,
                                                  actor=mall.users["dewi"], status="ready")
    assert not selectors.is_overdue(application=application)
