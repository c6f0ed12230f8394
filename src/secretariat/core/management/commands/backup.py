from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from secretariat.core.backup import backup

ARCHIVES = ("secretariat-*.tar", "secretariat-*.tar.gz")  # .tar.gz: the first format's


class Command(BaseCommand):
    help = "Write one consistent archive of the database and the uploaded files."
    # The system checks import every page's code (half the process's memory) and judge a
    # serving site; a backup serves nothing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write it (default: var/backups/secretariat-<time>.tar).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Then remove the older archives (secretariat-*.tar) of that folder but the "
            "N newest, this one included.",
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep counts the archives kept: 1 or more.")
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = settings.DATA_DIR / "backups" / f"secretariat-{stamp}.tar"
        output.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup(output)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{output}: {rows} rows of {len(manifest['rows'])} tables, "
            f"{len(manifest['files'])} files, from {manifest['database']}."
        )
        if keep is not None:
            found = {p for pattern in ARCHIVES for p in output.parent.glob(pattern)}
            newest = sorted(found - {output}, key=lambda p: p.stat().st_mtime, reverse=True)
            for old in newest[keep - 1 :]:
                old.unlink()
                self.stdout.write(f"Removed {old.name} (--keep {keep}).")
