"""The summary of a period equals counts taken over the raw rows: a morning at the test mall
with a served ticket, a no-show, a cancellation, a visitor transferred from Disdukcapil to
Samsat (one visitor, two agencies), an application and two complaints; each agency reads
its own figures only."""

from __future__ import annotations

import io
from collections import defaultdict

from openpyxl import load_workbook

from mpp.feedback import services as feedback
from mpp.queueing import services as queue
from mpp.queueing.models import TicketEvent

PERIOD = "from=2026-11-01&to=2026-11-30"


def morning(mall):
    dewi, budi = mall.users["dewi"], mall.users["budi"]
    l01 = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    l02 = queue.counter_set_open(counter=mall.loket_samsat, is_open=True)
    for _ in range(3):
        queue.ticket_issue(service=mall.ktp)
    moving = queue.ticket_issue(service=mall.kk)
    served = queue.ticket_call_next(counter=l01, actor=dewi)
    queue.ticket_start(ticket=served, actor=dewi)
    queue.ticket_finish(ticket=served, actor=dewi)
    queue.ticket_mark_no_show(ticket=queue.ticket_call_next(counter=l01, actor=dewi),
                              actor=dewi)
    queue.ticket_cancel(ticket=queue.ticket_call_next(counter=l01, actor=dewi), actor=dewi)
    queue.ticket_call_next(counter=l01, actor=dewi)
    queue.ticket_transfer(ticket=moving, to_service=mall.pkb, actor=dewi)
    queue.ticket_issue(service=mall.pkb)
    there = queue.ticket_call_next(counter=l02, actor=budi)
    assert there.pk == moving.pk  # it kept its arrival time
    queue.ticket_start(ticket=there, actor=budi)
    queue.ticket_finish(ticket=there, actor=budi)
    feedback.complaint_submit(site=mall.site, kind="complaint", agency=mall.samsat,
                              body="Antrean pajak kendaraan lambat sekali.")
    feedback.complaint_submit(site=mall.site, kind="suggestion",
                              body="Tambah kursi di ruang tunggu lantai dua.")


def raw(agency_slug=None) -> dict:
    """The same figures counted in Python over every TicketEvent row."""
    names = {"issue": "issued", "transfer": "transferred_in", "finish": "served",
             "no_show": "no_show", "cancel": "cancelled"}
    counts, visitors = defaultdict(int), set()
    for event in TicketEvent.objects.select_related("service__agency"):
        if agency_slug and event.service.agency.slug != agency_slug:
            continue
        visitors.add(event.ticket_id)
        if event.action in names:
            counts[names[event.action]] += 1
    return {"visitors": len(visitors), **{name: counts[name] for name in names.values()}}


def test_the_site_summary_equals_the_raw_counts(api, mall, tuesday_morning):
    morning(mall)
    report = api(mall.users["rina"]).get(f"sites/kota-uji/reports/summary?{PERIOD}")
    assert report.status_code == 200, report.content
    body = report.json()
    expected = raw()
    assert body["visitors"] == expected["visitors"] == 5
    assert body["tickets"] == {key: expected[key] for key in body["tickets"]}
    assert body["tickets"] == {"issued": 5, "transferred_in": 1, "served": 2, "no_show": 1,
                               "cancelled": 1}
    assert body["complaints"] == {"received": 2, "resolved": 0, "overdue": 0}
    agencies = {row["agency"]: row for row in body["by_agency"]}
    assert agencies["disdukcapil"]["visitors"] == raw("disdukcapil")["visitors"] == 4
    assert agencies["samsat"]["visitors"] == raw("samsat")["visitors"] == 2  # transferred
    assert agencies["samsat"]["tickets"]["transferred_in"] == 1
    assert agencies["samsat"]["complaints"]["received"] == 1  # the mall's own is not theirs
    services = {row["service"]: row for row in body["by_service"]}
    assert services[mall.ktp.code]["tickets"]["issued"] == 3
    assert services[mall.pkb.code]["tickets"]["served"] == 1
    assert body["avg_service_minutes"] == 0.0  # the clock stood still this morning


def test_an_agency_reads_its_own_figures_only(api, mall, tuesday_morning):
    morning(mall)
    sari = api(mall.users["sari"])
    own = sari.get(f"sites/kota-uji/reports/summary?{PERIOD}").json()
    assert own["visitors"] == raw("samsat")["visitors"]
    assert [row["agency"] for row in own["by_agency"]] == ["samsat"]
    assert all(row["agency"] == "samsat" for row in own["by_service"])
    other = sari.get(f"sites/kota-uji/reports/summary?{PERIOD}&agency=disdukcapil")
    assert other.status_code == 403
    assert api(mall.users["kiosk"]).get(
        f"sites/kota-uji/reports/summary?{PERIOD}").status_code == 403
    assert api().get(f"sites/kota-uji/reports/summary?{PERIOD}").status_code == 401
    mine = sari.get(f"sites/kota-uji/reports/summary?{PERIOD}&format=csv").content.decode()
    assert "Samsat" in mine and "Disdukcapil" not in mine


def test_downloads_and_bad_periods(api, mall, tuesday_morning):
    morning(mall)
    rina = api(mall.users["rina"])
    sheet = rina.get(f"sites/kota-uji/reports/summary?{PERIOD}&format=xlsx")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    # title, header, the site, 3 agencies, the 3 services with activity
    assert rows[0][0] == mall.site.name and len(rows) == 2 + 1 + 3 + 3
    for query, field in (("from=2026-12-01&to=2026-11-01", "from"), ("from=kemarin", "from"),
                         ("from=2020-01-01&to=2026-01-01", "to"), ("format=doc", "format")):
        answer = rina.get(f"sites/kota-uji/reports/summary?{query}")
        assert answer.status_code == 422 and field in answer.json()["error"]["fields"]


def test_the_recap_is_the_months_summaries(api, mall, tuesday_morning):
    morning(mall)
    rina = api(mall.users["rina"])
    year = rina.get("sites/kota-uji/reports/recap?year=2026")
    assert year.status_code == 200, year.content
    body = year.json()
    assert [m["month"] for m in body["months"]][:2] == ["2026-01", "2026-02"]
    november = body["months"][10]
    summary = rina.get(f"sites/kota-uji/reports/summary?{PERIOD}").json()
    assert november["visitors"] == summary["visitors"] == body["visitors"]
    assert november["tickets"] == summary["tickets"]
    assert november["bookings"] == {"booked": 0, "checked_in": 0, "no_show": 0,
                                    "show_rate": None}
    assert sum(m["visitors"] for m in body["months"]) == 5
    month = rina.get("sites/kota-uji/reports/recap?year=2026&month=11").json()
    assert len(month["months"]) == 1 and month["months"][0]["tickets"] == summary["tickets"]
    csv_text = rina.get("sites/kota-uji/reports/recap?year=2026&format=csv").content.decode()
    assert "2026-11" in csv_text
    sari = api(mall.users["sari"]).get("sites/kota-uji/reports/recap?year=2026&month=11")
    assert [a["agency"] for a in sari.json()["months"][0]["by_agency"]] == ["samsat"]
    assert rina.get("sites/kota-uji/reports/recap?year=20260").status_code == 422
    assert rina.get("sites/kota-uji/reports/recap?year=2026&month=13").status_code == 422


def test_the_pdf_is_signed_by_the_mpp(api, mall, tuesday_morning, settings, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from mpp.lib import signing

    settings.DATA_DIR = tmp_path
    signing.signer_reset()
    try:
        morning(mall)
        rina = api(mall.users["rina"])
        for path in (f"sites/kota-uji/reports/summary?{PERIOD}&format=pdf",
                     "sites/kota-uji/reports/recap?year=2026&format=pdf"):
            answer = rina.get(path)
            assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
            reader = PdfFileReader(io.BytesIO(answer.content), strict=False)
            assert len(reader.embedded_signatures) == 1
    finally:
        signing.signer_reset()
