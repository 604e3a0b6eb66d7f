"""The queue screens: the kiosk, the counter console, the display board, the ticket page and
the staff sign-in that leads to them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from mpp.conftest import PASSWORD
from mpp.queueing import services as queue
from mpp.queueing.models import DisplaySettings, Ticket

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tuesday_morning(monkeypatch):
    """Tuesday 24 Nov 2026, 09:00 WIB: every agency of the test mall is open."""
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def console_url(mall, counter="L01", action=False):
    base = f"/antrean/{mall.site.slug}/loket/{counter}/"
    return base + "aksi/" if action else base


# --- the kiosk ------------------------------------------------------------------------------

def test_kiosk_takes_a_ticket_step_by_step(mall, tuesday_morning):
    kiosk = signed_in(mall.users["kiosk"])
    base = f"/antrean/{mall.site.slug}/kiosk/"

    start = kiosk.get(base)
    assert start.status_code == 200
    assert "Disdukcapil" in start.content.decode() and "Samsat" in start.content.decode()
    assert f"/antrean/{mall.site.slug}/lapor-hadir/" in start.content.decode()  # booked online

    services = kiosk.get(base + "instansi/disdukcapil/", **HTMX)
    assert "Penerbitan KTP-el Baru" in services.content.decode()
    assert "<html" not in services.content.decode()  # an htmx step is a fragment

    service = kiosk.get(base + "layanan/ktp-el-baru/", **HTMX).content.decode()
    assert "Fotokopi KK" in service and "Surat pengantar RT/RW" in service  # before the number

    queue.ticket_issue(service=mall.ktp)  # someone already waits
    taken = kiosk.post(base + "ambil/", {"service": "ktp-el-baru", "lane": "regular"}, **HTMX)
    assert taken.status_code == 200
    page = taken.content.decode()
    ticket = Ticket.objects.get(number=2, prefix="A")
    assert ticket.source == "kiosk" and ticket.issued_by == mall.users["kiosk"]
    assert "A-002" in page
    assert 'data-testid="position">1<' in page
    assert 'data-testid="wait"' in page
    assert "Loket 1" in page  # the counter that serves it
    assert "<svg" in page and f"/antrean/t/{ticket.public_id}/" not in page  # QR, no raw link
    assert "data-print" in page


def test_kiosk_priority_lane(mall, tuesday_morning):
    kiosk = signed_in(mall.users["frontdesk"])
    response = kiosk.post(f"/antrean/{mall.site.slug}/kiosk/ambil/",
                          {"service": "pkb-tahunan", "lane": "priority"})
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.lane == "priority" and ticket.source == "front_desk"


def test_kiosk_on_a_closed_day_says_so_in_indonesian(mall, monkeypatch):
    sunday = datetime(2026, 11, 22, 10, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: sunday)
    kiosk = signed_in(mall.users["kiosk"])
    with translation.override("id"):
        expected = gettext("The MPP is closed today.")

    start = kiosk.get(f"/antrean/{mall.site.slug}/kiosk/")
    assert expected in start.content.decode()
    assert start["Content-Language"] == "id"

    refused = kiosk.post(f"/antrean/{mall.site.slug}/kiosk/ambil/",
                         {"service": "ktp-el-baru", "lane": "regular"})
    assert refused.status_code == 409
    assert expected in refused.content.decode()
    assert not Ticket.objects.exists()


def test_kiosk_quota_full_is_a_message_not_an_error(mall, tuesday_morning):
    from mpp.catalog import services as catalog

    catalog.service_update(service=mall.pkb, walkin_quota=1)
    queue.ticket_issue(service=mall.pkb)
    kiosk = signed_in(mall.users["kiosk"])
    response = kiosk.post(f"/antrean/{mall.site.slug}/kiosk/ambil/",
                          {"service": "pkb-tahunan", "lane": "regular"}, **HTMX)
    assert response.status_code == 200
    assert "notice--error" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_kiosk_needs_a_kiosk_account(mall, tuesday_morning):
    anonymous = Client().get(f"/antrean/{mall.site.slug}/kiosk/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
    officer = signed_in(mall.users["dewi"]).get(f"/antrean/{mall.site.slug}/kiosk/")
    assert officer.status_code == 403


# --- the counter console --------------------------------------------------------------------

def test_dewi_opens_her_counter_and_serves_a_citizen(mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.ktp)
    dewi = signed_in(mall.users["dewi"])

    pick = dewi.get(f"/antrean/{mall.site.slug}/loket/")
    assert "Loket 1" in pick.content.decode() and "Loket 2" not in pick.content.decode()

    page = dewi.get(console_url(mall))
    assert page.status_code == 200
    assert f"/api/v1/sites/{mall.site.slug}/events" in page.content.decode()
    assert "console.js" in page.content.decode()

    dewi.post(console_url(mall, action=True), {"action": "open"}, **HTMX)
    mall.loket_disdukcapil.refresh_from_db()
    assert mall.loket_disdukcapil.is_open

    called = dewi.post(console_url(mall, action=True), {"action": "call"}, **HTMX)
    assert 'data-testid="current-number">A-001<' in called.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "called" and ticket.counter == mall.loket_disdukcapil

    dewi.post(console_url(mall, action=True),
              {"action": "recall", "ticket": ticket.public_id}, **HTMX)
    ticket.refresh_from_db()
    assert ticket.status == "called" and ticket.recalls == 1

    dewi.post(console_url(mall, action=True),
              {"action": "start", "ticket": ticket.public_id}, **HTMX)
    ticket.refresh_from_db()
    assert ticket.status == "serving"

    done = dewi.post(console_url(mall, action=True),
                     {"action": "finish", "ticket": ticket.public_id}, **HTMX)
    ticket.refresh_from_db()
    assert ticket.status == "done"
    assert "Nobody at the counter" in done.content.decode() or "current-number" not in \
        done.content.decode()


def test_console_errors_are_messages(mall, tuesday_morning):
    dewi = signed_in(mall.users["dewi"])
    closed = dewi.post(console_url(mall, action=True), {"action": "call"})
    assert closed.status_code == 409
    assert "notice--error" in closed.content.decode()

    dewi.post(console_url(mall, action=True), {"action": "open"})
    nobody = dewi.post(console_url(mall, action=True), {"action": "call"}, **HTMX)
    assert nobody.status_code == 200 and "notice--error" in nobody.content.decode()

    ticket = queue.ticket_issue(service=mall.ktp)
    dewi.post(console_url(mall, action=True), {"action": "call"})
    wrong = dewi.post(console_url(mall, action=True),
                      {"action": "finish", "ticket": ticket.public_id})  # not started yet
    assert wrong.status_code == 409 and "notice--error" in wrong.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "called"


def test_dewi_cannot_touch_samsats_counter(mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.pkb)
    budi = signed_in(mall.users["budi"])
    budi.post(console_url(mall, "L02", action=True), {"action": "open"})
    budi.post(console_url(mall, "L02", action=True), {"action": "call"})
    ticket.refresh_from_db()
    assert ticket.status == "called"

    dewi = signed_in(mall.users["dewi"])
    assert dewi.get(console_url(mall, "L02")).status_code == 403
    for data in ({"action": "close"}, {"action": "call"},
                 {"action": "finish", "ticket": ticket.public_id},
                 {"action": "no_show", "ticket": ticket.public_id}):
        assert dewi.post(console_url(mall, "L02", action=True), data).status_code == 403
    # Through her own counter, Samsat's ticket is still out of reach.
    dewi.post(console_url(mall, action=True), {"action": "open"})
    own = dewi.post(console_url(mall, action=True),
                    {"action": "no_show", "ticket": ticket.public_id})
    assert own.status_code == 403
    ticket.refresh_from_db()
    mall.loket_samsat.refresh_from_db()
    assert ticket.status == "called" and mall.loket_samsat.is_open
    assert dewi.get(console_url(mall, "L99")).status_code == 404


def test_transfer_to_samsats_service(mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.ktp)
    dewi = signed_in(mall.users["dewi"])
    dewi.post(console_url(mall, action=True), {"action": "open"})
    page = dewi.post(console_url(mall, action=True), {"action": "call"}, **HTMX)
    assert 'value="pkb-tahunan"' in page.content.decode()  # other agencies are listed

    moved = dewi.post(console_url(mall, action=True), {
        "action": "transfer", "ticket": ticket.public_id, "service": "pkb-tahunan"}, **HTMX)
    assert moved.status_code == 200
    ticket.refresh_from_db()
    assert ticket.service == mall.pkb and ticket.status == "waiting" and ticket.counter is None

    unknown = dewi.post(console_url(mall, action=True), {
        "action": "transfer", "ticket": ticket.public_id, "service": "nope"}, **HTMX)
    assert "notice--error" in unknown.content.decode()


# --- the display board and the ticket page --------------------------------------------------

def test_display_board_with_filters(mall, tuesday_morning):
    DisplaySettings.objects.create(site=mall.site, running_text="Selamat datang di MPP Kota Uji")
    queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.counter_set_open(counter=mall.loket_samsat, is_open=True)
    queue.ticket_issue(service=mall.ktp)
    queue.ticket_issue(service=mall.pkb)
    queue.ticket_call_next(counter=mall.loket_disdukcapil)
    queue.ticket_call_next(counter=mall.loket_samsat)

    board = Client().get(f"/antrean/{mall.site.slug}/layar/")
    html = board.content.decode()
    assert board.status_code == 200
    assert f'data-events-url="/api/v1/sites/{mall.site.slug}/events"' in html
    assert "display.js" in html and "A-001" in html and "B-001" in html
    assert "Selamat datang di MPP Kota Uji" in html

    only = Client().get(f"/antrean/{mall.site.slug}/layar/?lantai=1&instansi=disdukcapil")
    html = only.content.decode()
    assert "A-001" in html and "B-001" not in html
    assert 'data-agency="disdukcapil"' in html and 'data-floor="1"' in html

    partial = Client().get(f"/antrean/{mall.site.slug}/layar/papan/?instansi=samsat")
    assert "B-001" in partial.content.decode() and "A-001" not in partial.content.decode()
    assert Client().get("/antrean/tidak-ada/layar/").status_code == 404


def test_ticket_page_shows_position_and_no_personal_data(mall, tuesday_morning):
    queue.ticket_issue(service=mall.ktp, actor=mall.users["kiosk"])
    ticket = queue.ticket_issue(service=mall.ktp, actor=mall.users["kiosk"])
    page = Client().get(f"/antrean/t/{ticket.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "A-002" in html and 'data-testid="position">1<' in html
    assert 'hx-trigger="every 15s"' in html
    assert mall.users["kiosk"].username not in html
    assert page["Cache-Control"] == "no-store"

    queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_call_next(counter=mall.loket_disdukcapil)
    queue.ticket_call_next(counter=mall.loket_disdukcapil)
    status = Client().get(f"/antrean/t/{ticket.public_id}/", **HTMX).content.decode()
    assert "Loket 1" in status and "<html" not in status
    assert Client().get("/antrean/t/bukan-tiket/").status_code == 404


# --- sign-in --------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, target", [
    ("dewi", "/antrean/kota-uji/loket/"),
    ("kiosk", "/antrean/kota-uji/kiosk/"),
    ("frontdesk", "/antrean/kota-uji/kiosk/"),
    ("rina", "/admin/"),
    ("hendra", "/admin/"),
])
def test_sign_in_leads_each_role_to_its_screen(mall, persona, target):
    client = Client()
    assert client.get("/akun/masuk/").status_code == 200
    response = client.post("/akun/masuk/", {"username": mall.users[persona].username,
                                            "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == target


def test_sign_in_returns_to_the_asked_page_and_signs_out(mall):
    client = Client()
    wanted = f"/antrean/{mall.site.slug}/loket/L01/"
    response = client.post(f"/akun/masuk/?next={wanted}", {
        "username": mall.users["dewi"].username, "password": PASSWORD, "next": wanted})
    assert response["Location"] == wanted
    assert client.get("/akun/keluar/").status_code == 405  # a link signs nobody out
    out = client.post("/akun/keluar/")
    assert out.status_code == 302 and out["Location"] == "/akun/masuk/"
    assert client.get(wanted).status_code == 302


def test_wrong_password_is_a_message_and_locks_after_repeated_failures(mall, settings):
    client = Client()
    response = client.post("/akun/masuk/", {"username": mall.users["dewi"].username,
                                            "password": "salah"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/akun/masuk/", {"username": mall.users["dewi"].username,
                                                "password": "salah"})
    assert response.status_code == 429


def test_kiosk_printer_that_does_not_answer_keeps_the_ticket_on_screen(mall, tuesday_morning):
    queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="network", host="127.0.0.1",
                            port=9)  # nothing listens on the discard port here
    kiosk = signed_in(mall.users["kiosk"])
    response = kiosk.post(f"/antrean/{mall.site.slug}/kiosk/ambil/",
                          {"service": "ktp-el-baru", "lane": "regular"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A-001" in html and "notice--error" in html and "data-print" in html
    assert Ticket.objects.count() == 1


# --- the running text, set by the mall admin --------------------------------------------------

def test_mall_admin_sets_the_running_text_of_the_boards(mall):
    rina = signed_in(mall.users["rina"])
    added = rina.post("/admin/queueing/displaysettings/add/", {
        "site": mall.site.pk, "running_text": "Layanan Samsat hari Selasa dan Kamis."})
    assert added.status_code == 302
    row = DisplaySettings.objects.get(site=mall.site)
    board = Client().get(f"/antrean/{mall.site.slug}/layar/").content.decode()
    assert "Layanan Samsat hari Selasa dan Kamis." in board

    hendra = signed_in(mall.users["hendra"])  # an agency admin does not run the boards
    assert hendra.get("/admin/queueing/displaysettings/").status_code == 403
    assert hendra.post(f"/admin/queueing/displaysettings/{row.pk}/change/",
                       {"running_text": "x"}).status_code == 403
    row.refresh_from_db()
    assert row.running_text == "Layanan Samsat hari Selasa dan Kamis."


def test_the_kiosk_first_screen_costs_the_same_for_any_number_of_agencies(
        mall, tuesday_morning, django_assert_max_num_queries):
    """A touch screen that greets every citizen: one calendar and one agency list, not a check
    per agency (Tangerang has 18)."""
    from mpp.catalog import services as catalog

    for n in range(10):
        agency = catalog.agency_create(site=mall.site, slug=f"instansi-{n}",
                                       name=f"Instansi Uji {n}", kind="opd")
        catalog.service_create(agency=agency, code=f"layanan-{n}", name=f"Layanan {n}",
                               prefix=f"Q{n}", requirements=["KTP-el"])
    kiosk = signed_in(mall.users["kiosk"])
    with django_assert_max_num_queries(8):
        page = kiosk.get(f"/antrean/{mall.site.slug}/kiosk/")
    assert page.status_code == 200 and "Instansi Uji 9" in page.content.decode()
