from django.db import migrations

from secretariat.core.migrating import rename_to_generated


def rename(apps, schema_editor):
    rename_to_generated(apps.get_model("decisions", "Attachment"), "file", "proposals")


class Migration(migrations.Migration):
    """Files attached before issue 16 kept the uploader's name on disk (`evil.html`)."""

    dependencies = [("decisions", "0006_secret_tallies")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
