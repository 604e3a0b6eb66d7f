"""mpp exportservices SITE [--format csv|xlsx] [--output FILE]: the site's service catalog."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mpp.catalog import importexport
from mpp.catalog.models import Site


class Command(BaseCommand):
    help = "Export a site's services as CSV or XLSX (columns: see mpp/catalog/importexport.py)."

    def add_arguments(self, parser):
        parser.add_argument("site", help="the site's slug")
        parser.add_argument("--format", choices=importexport.FORMATS, default="csv")
        parser.add_argument("--output", "-o", help="file to write (default: standard output, "
                                                   "CSV only)")

    def handle(self, *args, site, format, output=None, **options):
        site_obj = Site.objects.filter(slug=site).first()
        if site_obj is None:
            raise CommandError(_("Unknown site %(slug)s.") % {"slug": site})
        if format == "xlsx" and not output:
            raise CommandError(_("XLSX is binary: give a file with --output."))
        content = importexport.services_export(site=site_obj, format=format)
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(_("Wrote %(file)s.") % {"file": output})
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
