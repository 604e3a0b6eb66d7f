"""mpp importservices SITE FILE: create or update a site's services from CSV or XLSX.

All rows or none: when any row is bad, the report (row, column, message) goes to standard
error, nothing is written and the command exits with status 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mpp.catalog import importexport
from mpp.catalog.models import Site


class Command(BaseCommand):
    help = "Import services from a CSV or XLSX file (columns: see mpp/catalog/importexport.py)."

    def add_arguments(self, parser):
        parser.add_argument("site", help="the site's slug")
        parser.add_argument("file", help="a .csv or .xlsx file")

    def handle(self, *args, site, file, **options):
        site_obj = Site.objects.filter(slug=site).first()
        if site_obj is None:
            raise CommandError(_("Unknown site %(slug)s.") % {"slug": site})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s.") % {"file": file})
        report = importexport.services_import(
            site=site_obj, content=path.read_bytes(), filename=path.name, actor=None)
        if not report.ok:
            self.stderr.write(report.as_text())
            raise CommandError(importexport.nothing_imported(len(report.bad_rows)),
                               returncode=1)
        self.stdout.write(report.as_text())
