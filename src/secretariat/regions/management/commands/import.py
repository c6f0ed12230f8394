"""`python -m secretariat import members FILE --region ap [--dry-run] [--language fr]`."""

import argparse

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils import translation
from django.utils.translation import gettext as _

from secretariat.core.permissions import SYSTEM
from secretariat.regions import importing
from secretariat.regions.models import Region

HELP = """\
Create or update a region's Members and their contacts from a CSV or XLSX file.

The file's first row names the columns (any order, any case). Only short_name_en
is required; official_name_en is also required for a Member that does not exist yet.
A blank cell leaves the current value as it is.

  short_name_en      English short name; finds the Member by slug, short name or alias
  short_name_fr      French short name
  official_name_en   English official name (required for a new Member)
  official_name_fr   French official name
  administration_en  name of the customs administration, in English
  administration_fr  name of the customs administration, in French
  sub_region         name of a sub-region of the region (English or French)
  country_code       two-letter ISO code, e.g. ID
  aliases            other spellings, separated by ; (replaces the current list)
  joined_on          date the Member joined the region, YYYY-MM-DD
  left_on            date the Member left the region, YYYY-MM-DD
  website            address of the administration's site
  contact_name       a contact's full name (required when any contact_* cell is filled)
  contact_honorific  e.g. Mr, Ms, Dr
  contact_position   the contact's position, in English
  contact_position_fr  the contact's position, in French
  contact_email      finds the contact among the Member's people (else by name)
  contact_phone      phone number

CSV: UTF-8 (with or without BOM), separated by , or ;. XLSX: the first sheet.
A Member may appear on several rows to add several contacts. If any row is wrong,
every problem is listed (line, column, reason) and nothing is imported.
See docs/import-members.md.
"""


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


def table(headings, rows) -> str:
    rows = [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [list(headings), *rows]) for i in range(len(headings))]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headings), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out)


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = HelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["members"], help="What to import.")
        parser.add_argument("file", help="A CSV or XLSX file.")
        parser.add_argument(
            "--region", help="The region's short address (may be left out if there is one)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the report.",
        )

    def handle(self, *args, what, file, region, dry_run, language, **options):
        with translation.override(language):
            region = self.find_region(region)
            try:
                upload = File(open(file, "rb"))  # noqa: SIM115 - closed below
            except OSError as exc:
                raise CommandError(
                    _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
                ) from None
            with upload:
                result = importing.import_members(upload, region=region, by=SYSTEM, dry_run=dry_run)
            if not result.ok:
                self.report_errors(result)
                raise CommandError(_("The file was refused; nothing was imported."))
            self.report_changes(result)

    def find_region(self, slug):
        if slug:
            region = Region.objects.filter(slug=slug).first()
            if region is None:
                raise CommandError(_("There is no region “%(slug)s”.") % {"slug": slug})
            return region
        regions = list(Region.objects.all()[:2])
        if len(regions) != 1:
            raise CommandError(_("Say which region with --region."))
        return regions[0]

    def report_errors(self, result):
        rows = [(e.line or "—", e.column, e.reason, e.value) for e in result.errors]
        self.stderr.write(
            table([_("line"), _("column"), _("problem"), _("value")], rows), style_func=None
        )
        self.stderr.write(_("%(n)s problem(s) found.") % {"n": len(result.errors)}, style_func=None)

    def report_changes(self, result):
        rows = []
        for row in importing.change_rows(result):
            details = row["details"] or [""]
            rows.append([row["line"], row["record"], row["action"], row["name"], details[0]])
            rows += [["", "", "", "", detail] for detail in details[1:]]
        headings = [_("line"), _("record"), _("action"), _("name"), _("details")]
        self.stdout.write(table(headings, rows))
        self.stdout.write(importing.summary(result))
