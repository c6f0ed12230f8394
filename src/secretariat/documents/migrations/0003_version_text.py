from django.db import migrations, models


def read_stored_files(apps, schema_editor):
    """The text of the files uploaded before it was kept (as the search read them then)."""
    from secretariat.documents.text import file_text

    versions = apps.get_model("documents", "DocumentVersion").objects.filter(
        kind__in=["pdf", "docx"]
    )
    for version in versions.iterator():
        try:
            with version.file.open("rb") as handle:
                version.text = file_text(handle, version.kind)
        except OSError:  # a file missing from the disk: the metadata is still indexed
            continue
        version.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_digest_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentversion",
            name="text",
            field=models.TextField(blank=True, editable=False, verbose_name="text"),
        ),
        migrations.RunPython(read_stored_files, migrations.RunPython.noop),
    ]
