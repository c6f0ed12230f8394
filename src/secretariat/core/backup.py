"""One archive holding the database and the uploaded files, and bringing it back.

The archive is a plain (uncompressed) tar of:
- `rows/<app>.<model>.jsonl.gz`: each table's rows, one JSON line a row with its id, as
  Django's serializer gives its fields, times to the microsecond; many-to-many links are
  the rows of their own tables. Content types and permissions are there too, so that every
  reference holds.
- `files/<name>`: every file a row refers to, read through its storage (local or S3), stored
  as it is: uploads are PDFs, JPEGs and Office files, already compressed.
- `manifest.json` (last): the format, when and from which database it was made, the
  migrations applied, the number of rows of each table, and the size and SHA-256 of each
  table's member and of each file.

Both ways stream: rows go through in chunks and files through in blocks, so memory stays
flat whatever the size (the manifest, a few hundred bytes a file, is the one thing that
grows). Tables made from other rows (the search entries, the live screens' rendered events:
`core.registry.derived_tables`) are not archived; a restore rebuilds them
(`core.registry.after_restore`), their ids continuing after the archived ones.

The rows are read in one transaction (repeatable read on PostgreSQL, a read transaction
on SQLite), so the archive is one consistent moment even while the site is in use; the
files are immutable once stored (a replacement is a new version), so those the rows
name are still there to copy.
"""

import datetime
import gzip
import hashlib
import io
import itertools
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField, Max
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from django.utils.translation import gettext as _

from .registry import AFTER_RESTORE, DERIVED_TABLES

FORMAT = 2
CHUNK = 2000  # rows read, serialized and inserted at once
BLOCK = 1 << 20  # bytes of a file copied at once


class RestoreRefused(Exception):
    """The archive cannot be restored here; the message says why."""


def _tables():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def derived_models():
    """The tables made from other rows: those apps name, and their many-to-many links."""
    named = {apps.get_model(label) for label in DERIVED_TABLES}
    return [m for m in _tables() if m in named or m._meta.auto_created in named]


def archived_models():
    """Every table a backup carries: all but the derived ones."""
    derived = set(derived_models())
    return [model for model in _tables() if model not in derived]


def files_named(model, rows):
    """(name, field) of each file the rows refer to.

    A model that stores more files beside a file field's own (a photo's smaller renditions)
    lists them with `files_beside()`: (name, name of the field whose storage holds it).
    """
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
    beside = getattr(model, "files_beside", None)
    if not fields and not beside:
        return
    for row in rows:
        for field in fields:
            name = getattr(row, field.attname).name
            if name:
                yield name, field
        for name, field_name in beside(row) if beside else ():
            yield name, model._meta.get_field(field_name)


class _Exact(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Counted:
    """A file read through once: its SHA-256 and size, taken as tar copies it."""

    def __init__(self, source):
        self.source, self.sha256, self.size = source, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.source.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(tar, name, source, size) -> dict:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    counted = _Counted(source)
    tar.addfile(info, counted)  # tar reads exactly `size` bytes, or says the file is short
    return {"size": counted.size, "sha256": counted.sha256.hexdigest()}


def _fields(model):
    return [f.name for f in model._meta.local_concrete_fields]


def _write_rows(model, spool) -> tuple[int, list]:
    """Write the rows of `model` to `spool` as gzipped JSON lines, in chunks; return how many
    and the (name, field) of the files they name."""
    serializer = serializers.get_serializer("python")()
    fields, count, files = _fields(model), 0, []
    rows = model._base_manager.order_by("pk").iterator(chunk_size=CHUNK)
    with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=6, mtime=0) as out:
        for batch in itertools.batched(rows, CHUNK):
            files.extend(files_named(model, batch))
            lines = (
                json.dumps({"pk": row["pk"], "fields": row["fields"]}, cls=_Exact)
                for row in serializer.serialize(batch, fields=fields)
            )
            out.write(("\n".join(lines) + "\n").encode())
            count += len(batch)
    return count, files


def backup(target: Path) -> dict:
    """Write the archive to `target`; return its manifest."""
    manifest = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "rows": {},
        "tables": {},
        "derived": {},
        "files": {},
    }
    partial = target.with_name(target.name + ".partial")  # never a half-written archive
    files = {}
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            outermost = not connection.in_atomic_block  # else the caller's is the moment
            with transaction.atomic():
                if connection.vendor == "postgresql" and outermost:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                migrations = sorted(MigrationRecorder(connection).applied_migrations())
                manifest["migrations"] = [list(m) for m in migrations]
                for model in archived_models():
                    label = model._meta.label_lower
                    with tempfile.TemporaryFile(dir=partial.parent) as spool:
                        count, named = _write_rows(model, spool)
                        size = spool.tell()
                        spool.seek(0)
                        kept = _add(tar, f"rows/{label}.jsonl.gz", spool, size)
                    manifest["rows"][label] = count
                    manifest["tables"][label] = kept
                    files.update(named)
                for model in derived_models():  # their ids go on after these on restore
                    last = model._base_manager.aggregate(last=Max("pk"))["last"]
                    manifest["derived"][model._meta.label_lower] = last
            for name, field in sorted(files.items()):
                with field.storage.open(name, "rb") as source:
                    kept = _add(tar, f"files/{name}", source, source.size)
                manifest["files"][name] = {
                    "model": field.model._meta.label_lower,
                    "field": field.name,
                    **kept,
                }
            data = json.dumps(manifest, indent=1).encode()
            _add(tar, "manifest.json", io.BytesIO(data), len(data))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _member(tar, name):
    try:
        return tar.extractfile(tar.getmember(name))
    except KeyError:
        raise RestoreRefused(_("The archive has no %(name)s.") % {"name": name}) from None


def _sha256(source) -> str:
    digest = hashlib.sha256()
    while block := source.read(BLOCK):
        digest.update(block)
    return digest.hexdigest()


def restore(source: Path) -> dict:
    """Bring back the archive at `source` into this empty installation; return its manifest."""
    with tarfile.open(source, "r:*") as tar:  # format 1 was gzipped as a whole
        manifest = json.loads(_member(tar, "manifest.json").read())
        if manifest.get("format") not in {1, FORMAT}:
            raise RestoreRefused(_("This archive was made by another version of Secretariat."))
        call_command("migrate", interactive=False, verbosity=0)
        _check_restorable(manifest)
        _check_sums(tar, manifest)  # the whole archive is read once before anything is written
        # What migrate made (content types, seeded rows) goes: the archive holds them as
        # they were, with the ids every other row refers to.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        with transaction.atomic():
            with connection.constraint_checks_disabled():
                if manifest["format"] == 1:
                    _load_format_1(tar)
                else:
                    for label in manifest["tables"]:
                        _insert(apps.get_model(label), _member(tar, f"rows/{label}.jsonl.gz"))
            connection.check_constraints()
            _reset_sequences()
        for name, kept in manifest["files"].items():
            storage = _field(kept).storage
            if storage.exists(name):  # left over in an empty installation: the archive's wins
                storage.delete(name)
            content = File(_member(tar, f"files/{name}"), name=name)
            content.size = kept["size"]
            storage.save(name, content)
    for label, last in manifest.get("derived", {}).items():
        _continue_ids(apps.get_model(label), last)
    for rebuild in AFTER_RESTORE:
        rebuild()
    return manifest


def _check_sums(tar, manifest):
    kept = {f"files/{name}": (name, file["sha256"]) for name, file in manifest["files"].items()}
    for label, table in manifest.get("tables", {}).items():
        kept[f"rows/{label}.jsonl.gz"] = (label, table["sha256"])
    for name, (shown, sha256) in kept.items():
        if _sha256(_member(tar, name)) != sha256:
            raise RestoreRefused(_("The file %(name)s is damaged.") % {"name": shown})


def _insert(model, member):
    """Insert the rows of one table's member as they were, ids and times untouched (a raw
    insert: no `auto_now`), in statements of as many rows as the database takes."""
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    size = min(CHUNK, connection.ops.bulk_batch_size(fields, [None] * CHUNK) or 1)
    label = model._meta.label_lower
    deserializer = serializers.get_deserializer("python")
    with gzip.GzipFile(fileobj=member) as lines:
        for batch in itertools.batched(lines, size):
            rows = ({"model": label, **json.loads(line)} for line in batch)
            objects = [row.object for row in deserializer(rows)]
            model._base_manager._insert(objects, fields=fields, raw=True)


def _load_format_1(tar):
    """An archive of the first format: rows in one JSON document, many-to-many links in
    their rows (such archives were small: the code that made them held them in memory)."""
    derived = {m._meta.label_lower for m in derived_models()}
    rows = json.loads(_member(tar, "data.json").read())
    for row in serializers.deserialize("python", (r for r in rows if r["model"] not in derived)):
        row.save()


def _check_restorable(manifest):
    known = {tuple(m) for m in MigrationRecorder(connection).applied_migrations()}
    missing = [".".join(m) for m in manifest["migrations"] if tuple(m) not in known]
    if missing:
        raise RestoreRefused(
            _("The archive needs a newer Secretariat (migrations %(names)s).")
            % {"names": ", ".join(missing[:3])}
        )
    if get_user_model()._base_manager.exists():
        raise RestoreRefused(
            _("This installation is in use (it has accounts): restore only into an empty one.")
        )


def _field(kept):
    return apps.get_model(kept["model"])._meta.get_field(kept["field"])


def _reset_sequences():
    """Rows came with their ids: new rows must not reuse them (PostgreSQL's sequences)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), archived_models()):
            cursor.execute(statement)


def verify(manifest=None) -> tuple[list, dict, int]:
    """Check a restored copy: no migration left to apply; each table holds the archive's
    number of rows and each file its checksum (with `manifest`), or, without one (a copy
    made from `pg_dump`), every file the rows name is in its storage. Returns the problems
    (none: the copy is whole), the rows per table and the number of files checked."""
    problems = []
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        problems.append(_("Migrations are left to apply: the copy is older than this release."))
    rows = {m._meta.label_lower: m._base_manager.count() for m in archived_models()}
    for label, count in (manifest or {}).get("rows", {}).items():
        if rows.get(label) != count:
            problems.append(
                _("%(table)s holds %(found)s rows; the archive, %(count)s.")
                % {"table": label, "found": rows.get(label), "count": count}
            )
    if manifest is not None:
        named = ((name, _field(kept), kept["sha256"]) for name, kept in manifest["files"].items())
    else:
        named = (
            (name, field, None)
            for model in archived_models()
            for name, field in files_named(model, model._base_manager.iterator(CHUNK))
        )
    checked = 0
    for name, field, sha256 in named:
        checked += 1
        if not field.storage.exists(name):
            problems.append(_("The file %(name)s is missing.") % {"name": name})
        elif sha256 is not None:
            with field.storage.open(name, "rb") as stored:
                if _sha256(stored) != sha256:
                    problems.append(_("The file %(name)s is damaged.") % {"name": name})
    return problems, rows, checked


def _continue_ids(model, last):
    """New rows of a rebuilt table take ids after `last`, the archived table's highest: a
    live screen that saw event 5000 before the restore waits for 5001, not for 1 again."""
    pk = model._meta.pk
    if not last or not isinstance(pk, AutoFieldMixin):
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [connection.ops.quote_name(table), pk.column, last],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
            if not cursor.rowcount:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last]
                )
