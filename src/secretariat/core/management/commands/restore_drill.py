"""A restore drill: bring a backup back into a throwaway copy and check the copy is whole.

The site itself is not touched: the copy gets a data folder of its own (a temporary one),
its own SQLite file there, or the empty PostgreSQL database `--database-url` names.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.core.backup import verify

# What points the copy at the site's own data: never inherited by the copy.
SITE_DATA = ("DATABASE_URL", "SECRETARIAT_MEDIA_ROOT", "SECRETARIAT_DATA_DIR")


class Command(BaseCommand):
    help = (
        "Restore a backup into a throwaway copy and check it: every table's rows, every file, "
        "the migrations. The site is not touched."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="An archive made by `backup`.")
        parser.add_argument(
            "--database-url",
            help="An empty PostgreSQL database for the copy (default: a SQLite file).",
        )
        parser.add_argument(
            "--pg-dump",
            action="store_true",
            help="The archive is a `pg_dump -Fc` file: restore it with pg_restore into "
            "--database-url and check that every file its rows name is in the storage.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the copy's data folder.")
        parser.add_argument("--verify", action="store_true", help=argparse.SUPPRESS)  # in the copy

    def handle(self, *args, archive, database_url, pg_dump, keep, verify, **options):
        if verify:  # inside the copy
            manifest = None if pg_dump else _manifest_of(archive)
            self.stdout.write(json.dumps(_verified(manifest)))
            return
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        if pg_dump and not database_url:
            raise CommandError("A pg_dump drill needs --database-url: an empty database.")
        if database_url and _same_database(database_url):
            raise CommandError("--database-url names the site's own database: name a copy.")
        folder = Path(tempfile.mkdtemp(prefix="secretariat-drill-"))
        try:
            report = self._drill(archive.resolve(), folder, database_url, pg_dump)
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
        self.stdout.write(
            f"Restored in {report['seconds']:.0f} s into {report['into']}: "
            f"{report['rows']} rows of {report['tables']} tables, {report['files']} files."
        )
        if report["problems"]:
            for problem in report["problems"]:
                self.stderr.write(f"- {problem}")
            raise CommandError("The drill FAILED: the copy is not whole.")
        self.stdout.write("The drill passed: the copy is whole.")

    def _drill(self, archive, folder, database_url, pg_dump) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in SITE_DATA}
        if not pg_dump:  # the copy keeps its files in its own folder, never in the bucket
            env = {k: v for k, v in env.items() if not k.startswith("SECRETARIAT_S3_")}
        else:  # it reads the site's files, to check they are there: nothing is written
            env["SECRETARIAT_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
        env["SECRETARIAT_DATA_DIR"] = str(folder)
        if database_url:
            env["DATABASE_URL"] = database_url
        started = time.monotonic()
        if pg_dump:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    database_url,
                    str(archive),
                ],
                env,
            )
        else:
            _run([sys.executable, "-m", "secretariat", "restore", str(archive)], env)
        seconds = time.monotonic() - started
        checked = [sys.executable, "-m", "secretariat", "restore_drill", "--verify", str(archive)]
        result = json.loads(_run([*checked, *(["--pg-dump"] if pg_dump else [])], env))
        into = dj_database_url.parse(database_url)["NAME"] if database_url else str(folder)
        return result | {"seconds": seconds, "into": into}


def _manifest_of(archive):
    import tarfile

    with tarfile.open(archive, "r:*") as tar:
        return json.load(tar.extractfile("manifest.json"))


def _verified(manifest) -> dict:
    problems, rows, files = verify(manifest)
    return {"problems": problems, "rows": sum(rows.values()), "tables": len(rows), "files": files}


def _same_database(url) -> bool:
    site, copy = settings.DATABASES["default"], dj_database_url.parse(url)
    keys = ("ENGINE", "HOST", "PORT", "NAME")
    return all(str(site.get(k) or "") == str(copy.get(k) or "") for k in keys)


def _run(command, env) -> str:
    # This command itself, or pg_restore: arguments the operator gave, no shell.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise CommandError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout
