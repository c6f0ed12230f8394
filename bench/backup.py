"""Backup and restore at size: time and peak memory of each, and the round trip checked exact.

`make bench-backup` runs this file; README.md in this folder keeps the last tables. For each
database (BENCH_BACKENDS, default "sqlite"; "sqlite,postgresql" for both) it loads the demo
into a fresh installation (a temporary data folder; on PostgreSQL the database BENCH_PG_URL
names, default postgres://postgres@127.0.0.1:5432/bench_backup, which must be named bench...:
it is dropped, created and dropped again), then adds BENCH_ROWS rows (default 1,000,000
audit entries: the table a real site grows most) and BENCH_MEDIA_MB megabytes of uploaded
files (default 1024, as 1 MB document versions of random bytes: as incompressible as the
PDFs and JPEGs a site holds). Then, each in its own process, as an operator runs them:
`secretariat backup`, and `secretariat restore` into a second fresh installation. The time
is the wall clock; the peak is the process's peak resident memory (`os.wait4`'s maxrss).
Both installations are then read back table by table and file by file: every row (by id,
every field) and every stored file (SHA-256) must be equal. Tables the code declares
derived (`backup.derived_models()`: rebuilt on restore, not archived) are left out of the
comparison. The exit status is 1 when a peak is above 150 MB or the round trip differs.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search import _pg  # noqa: E402 - the bench databases are dropped and made alike

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
MEDIA_MB = int(os.environ.get("BENCH_MEDIA_MB", "1024"))
BACKENDS = os.environ.get("BENCH_BACKENDS", "sqlite").split(",")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_backup")
BAR_MB = 150

GROW = """
import os, hashlib, django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from secretariat.core.models import AuditEntry
from secretariat.documents.models import Document, DocumentVersion

rows, mb = int(os.environ["BENCH_ROWS"]), int(os.environ["BENCH_MEDIA_MB"])
documents = list(Document.objects.order_by("pk"))
storage = DocumentVersion._meta.get_field("file").storage
versions = []
for i in range(mb):
    data = os.urandom(1 << 20)
    document = documents[i % len(documents)]
    name = storage.save(f"documents/bench-{i:05}.pdf", ContentFile(data))
    versions.append(DocumentVersion(
        document=document, number=1000 + i, file=name, original_name=f"bench {i}.pdf",
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), kind="pdf",
    ))
DocumentVersion.objects.bulk_create(versions)
target = ContentType.objects.get_for_model(Document)
now = timezone.now()
with transaction.atomic():
    for start in range(0, rows, 5000):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                at=now - timezone.timedelta(seconds=i, microseconds=i % 997),
                region_id=1, action="changed", target_type=target, target_id=str(i),
                target_repr=f"RCP30/Doc {i}: Report of the Regional Office",
                changes={"title_en": [f"Draft {i}", f"Report {i}"], "visibility": ["a", "b"]},
                note=f"Bench row {i}, written to make the database grow." if i % 3 else "",
            )
            for i in range(start, min(rows, start + 5000))
        )
"""

# Every row (by id) and every file of an installation, as one digest per table and per file.
DIGEST = """
import datetime, hashlib, json, django
django.setup()
from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from secretariat.core import backup

class Exact(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)

derived = set(getattr(backup, "derived_models", lambda: [])())
tables, files = {}, {}
for model in apps.get_models(include_auto_created=True):
    if not model._meta.managed or model._meta.proxy or model in derived:
        continue
    through = model._meta.auto_created  # many-to-many rows: their pairs, not their ids
    names = [f.name for f in model._meta.local_concrete_fields]
    rows = model._base_manager.order_by(*(names[1:] if through else ["pk"]))
    digest, count = hashlib.sha256(), 0
    for chunk in serializers.serialize("python", rows.iterator(chunk_size=2000), fields=names):
        row = chunk["fields"] if through else {"pk": chunk["pk"], **chunk["fields"]}
        digest.update(json.dumps(row, sort_keys=True, cls=Exact).encode())
        count += 1
    tables[model._meta.label_lower] = [count, digest.hexdigest()]
    if not through:
        for name, field in backup.files_named(model, model._base_manager.iterator()):
            with field.storage.open(name, "rb") as stored:
                file_digest = hashlib.sha256()
                while block := stored.read(1 << 20):
                    file_digest.update(block)
            files[name] = file_digest.hexdigest()
print(json.dumps({"tables": tables, "files": files}))
"""


def main() -> int:
    results = [_backend(backend) for backend in BACKENDS]
    print()
    print(
        "| database | media | rows | archive | backup s | backup peak MB "
        "| restore s | restore peak MB | round trip |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        print(
            f"| {r['database']} | {MEDIA_MB} MB | {r['rows']:,} | {r['archive_mb']:,.0f} MB "
            f"| {r['backup_s']:.0f} | {r['backup_mb']:.0f} | {r['restore_s']:.0f} "
            f"| {r['restore_mb']:.0f} | {r['exact']} |"
        )
    failed = any(
        r["exact"] != "exact" or max(r["backup_mb"], r["restore_mb"]) > BAR_MB for r in results
    )
    return 1 if failed else 0


def _backend(backend) -> dict:
    url = PG_URL if backend == "postgresql" else ""
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        tmp = Path(tmp)
        first, second = tmp / "first", tmp / "second"
        first.mkdir()
        second.mkdir()
        archive = tmp / "secretariat.backup"
        try:
            if url:
                _pg(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
                _pg(url, "CREATE DATABASE {}")
            _step(first, url, "-m", "secretariat", "demo", "--no-serve")
            started = time.monotonic()
            _step(first, url, "-c", GROW)
            print(f"{backend}: grown in {time.monotonic() - started:.0f} s", file=sys.stderr)
            before = json.loads(_step(first, url, "-c", DIGEST)[0])
            _out, backup_s, backup_mb = _step(
                first, url, "-m", "secretariat", "backup", "--output", str(archive)
            )
            if url:  # the restore's installation: the same server, a fresh database
                _pg(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
                _pg(url, "CREATE DATABASE {}")
            _out, restore_s, restore_mb = _step(
                second, url, "-m", "secretariat", "restore", str(archive)
            )
            after = json.loads(_step(second, url, "-c", DIGEST)[0])
        finally:
            if url:
                _pg(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        differ = sorted(
            k
            for k in before["tables"].keys() | after["tables"].keys()
            if before["tables"].get(k) != after["tables"].get(k)
        )
        if before["files"] != after["files"]:
            differ.append(f"files ({len(before['files'])} vs {len(after['files'])})")
        return {
            "database": "PostgreSQL" if url else "SQLite",
            "rows": sum(count for count, _digest in before["tables"].values()),
            "archive_mb": archive.stat().st_size / 2**20,
            "backup_s": backup_s,
            "backup_mb": backup_mb,
            "restore_s": restore_s,
            "restore_mb": restore_mb,
            "exact": "exact" if not differ else "differs: " + ", ".join(differ[:5]),
        }


def _step(data_dir, url, *args):
    """Run one command in its own process; return its output, wall time and peak RSS (MB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRETARIAT_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        SECRETARIAT_MODE="demo",
        SECRETARIAT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="secretariat.settings",
        PYTHONPATH=str(ROOT / "src"),
        BENCH_ROWS=str(ROWS),
        BENCH_MEDIA_MB=str(MEDIA_MB),
    )
    if url:
        env["DATABASE_URL"] = url
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.stderr.write(err.read().decode()[-3000:])
            raise SystemExit(f"{args[:3]} failed ({child.returncode})")
        return out.read().decode(), elapsed, usage.ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
