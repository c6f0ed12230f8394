"""Helpers for data migrations that touch stored files (core knows no app: apps pass their
historical models in)."""

import logging
import re
import uuid

log = logging.getLogger(__name__)
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpeg": "jpg"}
GENERATED = re.compile(r"^[0-9a-f]{32}\.[a-z]+$")


def rename_to_generated(model, field: str, folder: str):
    """Store every file of `model.field` still under its uploader's name under a generated
    one (`folder/<hex>.<kind>`), as new uploads are; a file missing from storage is left."""
    for row in model.objects.exclude(**{field: ""}).iterator():
        stored = getattr(row, field)
        if GENERATED.match(stored.name.rsplit("/", 1)[-1]):
            continue
        storage = stored.storage
        if not storage.exists(stored.name):
            log.warning("%s %s: %s is missing; its name is kept", model.__name__, row.pk, stored)
            continue
        extension = EXTENSIONS.get(row.kind, "bin")
        with storage.open(stored.name, "rb") as old:
            new = storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", old)
        storage.delete(stored.name)
        model.objects.filter(pk=row.pk).update(**{field: new})
