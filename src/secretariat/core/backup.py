"""One archive holding the database and the uploaded files, and bringing it back.

The archive is a gzipped tar of:
- `manifest.json`: the format, when and from which database it was made, the migrations
  applied, and the number of rows of each model and the size and SHA-256 of each file;
- `data.json`: every row with its id, as Django's serializer gives it, times to the
  microsecond (content types and permissions too, so that every reference holds);
- `files/<name>`: every file a row refers to, read through its storage (local or S3).

The rows are read in one transaction (repeatable read on PostgreSQL, a read transaction
on SQLite), so the archive is one consistent moment even while the site is in use; the
files are immutable once stored (a replacement is a new version), so those the rows
name are still there to copy.
"""

import datetime
import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from .registry import AFTER_RESTORE

FORMAT = 1


class RestoreRefused(Exception):
    """The archive cannot be restored here; the message says why."""


def archived_models():
    return [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]


def files_named(model, rows):
    """(name, field) of each file the rows refer to.

    A model that stores more files beside a file field's own (a photo's smaller renditions)
    lists them with `files_beside()`: (name, name of the field whose storage holds it).
    """
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
    beside = getattr(model, "files_beside", None)
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


def _add(tar, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(target: Path) -> dict:
    """Write the archive to `target`; return its manifest."""
    outermost = (
        not connection.in_atomic_block
    )  # inside a caller's transaction, that one is the moment
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows, counts, files = [], {}, {}
        for model in archived_models():
            objects = list(model._base_manager.order_by("pk"))
            counts[model._meta.label_lower] = len(objects)
            rows.extend(objects)
            files.update(files_named(model, objects))
        data = json.dumps(serializers.serialize("python", rows), cls=_Exact).encode()
        migrations = sorted(MigrationRecorder(connection).applied_migrations())
    manifest = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": [list(m) for m in migrations],
        "rows": counts,
        "files": {},
    }
    partial = target.with_name(target.name + ".partial")  # never a half-written archive
    with tarfile.open(partial, "w:gz") as tar:
        _add(tar, "data.json", data)
        for name, field in sorted(files.items()):
            with field.storage.open(name, "rb") as source:
                content = source.read()
            manifest["files"][name] = {
                "model": field.model._meta.label_lower,
                "field": field.name,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            _add(tar, f"files/{name}", content)
        _add(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
    partial.replace(target)
    return manifest


def _read(tar, name) -> bytes:
    return tar.extractfile(tar.getmember(name)).read()


def restore(source: Path) -> dict:
    """Bring back the archive at `source` into this empty installation; return its manifest."""
    with tarfile.open(source, "r:gz") as tar:
        manifest = json.loads(_read(tar, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(_("This archive was made by another version of Secretariat."))
        call_command("migrate", interactive=False, verbosity=0)
        _check_restorable(manifest)
        files = {name: _read(tar, f"files/{name}") for name in manifest["files"]}
        for name, content in files.items():
            if hashlib.sha256(content).hexdigest() != manifest["files"][name]["sha256"]:
                raise RestoreRefused(_("The file %(name)s is damaged.") % {"name": name})
        # What migrate made (content types, seeded rows) goes: the archive holds them as
        # they were, with the ids every other row refers to.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        with transaction.atomic():
            with connection.constraint_checks_disabled():
                rows = json.loads(_read(tar, "data.json"))
                for row in serializers.deserialize("python", rows):
                    row.save()
            connection.check_constraints()
            _reset_sequences()
    for name, content in files.items():
        storage = _field(manifest["files"][name]).storage
        if storage.exists(name):  # left over in an empty installation: the archive's wins
            storage.delete(name)
        storage.save(name, ContentFile(content))
    for rebuild in AFTER_RESTORE:
        rebuild()
    return manifest


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
