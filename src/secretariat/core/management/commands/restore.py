from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.core.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "Bring back an archive made by `backup` into an empty installation."
    # The system checks import every page's code (half the process's memory) and judge a
    # serving site; the restore serves nothing, and `migrate` checks what it needs.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            manifest = restore(archive)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored {rows} rows and {len(manifest['files'])} files "
            f"made on {manifest['made_at']} from {manifest['database']}."
        )
