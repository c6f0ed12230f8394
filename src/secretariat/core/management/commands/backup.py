from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.core.backup import backup


class Command(BaseCommand):
    help = "Write one consistent archive of the database and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write it (default: var/backups/secretariat-<time>.tar.gz).",
        )

    def handle(self, *args, output, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = settings.DATA_DIR / "backups" / f"secretariat-{stamp}.tar.gz"
        output.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup(output)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{output}: {rows} rows of {len(manifest['rows'])} tables, "
            f"{len(manifest['files'])} files, from {manifest['database']}."
        )
