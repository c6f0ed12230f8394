from django.db import migrations

from secretariat.core.migrating import rename_to_generated


def rename(apps, schema_editor):
    rename_to_generated(apps.get_model("practices", "Attachment"), "file", "practices")


class Migration(migrations.Migration):
    """Files attached before issue 16 kept the uploader's name on disk (`evil.html`)."""

    dependencies = [("practices", "0002_covid_themes")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
