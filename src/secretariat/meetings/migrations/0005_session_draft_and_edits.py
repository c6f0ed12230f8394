"""Sessions get a draft state (every session that exists already is published), a
description, the ICS revision number; series their usual month (issue 18)."""

from django.db import migrations, models
from django.db.models.functions import Now


def publish_existing(apps, schema_editor):
    Session = apps.get_model("meetings", "Session")
    Session.objects.filter(published_at=None).update(published_at=Now())


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_agenda_amendment")]

    operations = [
        migrations.AddField(
            model_name="series",
            name="usual_month",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, 1),
                    (2, 2),
                    (3, 3),
                    (4, 4),
                    (5, 5),
                    (6, 6),
                    (7, 7),
                    (8, 8),
                    (9, 9),
                    (10, 10),
                    (11, 11),
                    (12, 12),
                ],
                help_text="The month the series usually meets in, if it has one.",
                null=True,
                verbose_name="usual month",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="session",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="session",
            name="sequence",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="The ICS SEQUENCE: one more at each change of dates, place or status.",
                verbose_name="calendar revision",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Empty while the session is a draft, seen by the secretariat only.",
                null=True,
                verbose_name="published on",
            ),
        ),
        migrations.RunPython(publish_existing, migrations.RunPython.noop),
    ]
