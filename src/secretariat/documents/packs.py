"""The meeting pack: one ZIP of the latest version of each document a reader may see, built
once by the worker and kept until a document changes.

A pack is named by what it holds: a digest of each file's name in the ZIP and the version
it is taken from. Readers who may see the same documents share one pack; a new version, a
new document or a change of who sees what makes another name, so a pack is never stale and
never holds a document its reader may not see. It is derived bytes, like a kept page, not a
record: no row, no audit; the tick drops packs nobody asked for in a while (`packs_prune`).
"""

import datetime
import hashlib
import tempfile
import zipfile

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

FOLDER = "packs"
BUILDING_SECONDS = 600  # a build not done by then (the worker died) is asked again
KEPT_DAYS = 7


def entries(documents) -> list[tuple[str, int]]:
    """(name in the ZIP, version id) for each document's latest version; names never repeat."""
    seen, found = set(), []
    for document in documents:
        version = document.latest
        if version is None:
            continue
        stem = "".join(c if c.isalnum() or c in "-_ " else "-" for c in document.reference)
        name = f"{stem.strip() or 'document'}.{version.extension}"
        n = 1
        while name in seen:
            n += 1
            name = f"{stem} ({n}).{version.extension}"
        seen.add(name)
        found.append((name, version.pk))
    return found


def pack_name(session_id: int, items) -> str:
    digest = hashlib.sha256(repr(sorted(items)).encode()).hexdigest()[:32]
    return f"{FOLDER}/{session_id}/{digest}.zip"


def pack_ready(name: str) -> bool:
    return default_storage.exists(name)


def pack_ask(session_id: int, items) -> str:
    """The pack's name; its build is asked of the worker unless it is ready or under way."""
    name = pack_name(session_id, items)
    if not pack_ready(name) and cache.add(f"pack-building:{name}", 1, BUILDING_SECONDS):
        pack_build.enqueue(session_id, [list(item) for item in items])
    return name


@task()
def pack_build(session_id: int, items: list) -> str:
    """Write the ZIP under its name (once: a build asked twice finds it done)."""
    from .models import DocumentVersion

    name = pack_name(session_id, [tuple(item) for item in items])
    if default_storage.exists(name):
        return name
    versions = DocumentVersion.objects.in_bulk([pk for _, pk in items])
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as pack:
            for entry, pk in items:
                with versions[pk].file.open("rb") as source, pack.open(entry, "w") as target:
                    for chunk in iter(lambda s=source: s.read(64 * 1024), b""):
                        target.write(chunk)
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:  # another build wrote it meanwhile: keep one
        default_storage.delete(saved)
    cache.delete(f"pack-building:{name}")
    return name


def packs_prune(now=None) -> int:
    """Drop the packs built more than KEPT_DAYS ago: the next reader asks for a new one."""
    now = now or timezone.now()
    dropped = 0
    try:
        sessions, _ = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    for session in sessions:
        for name in default_storage.listdir(f"{FOLDER}/{session}")[1]:
            path = f"{FOLDER}/{session}/{name}"
            if now - default_storage.get_modified_time(path) > datetime.timedelta(KEPT_DAYS):
                default_storage.delete(path)
                dropped += 1
    return dropped
