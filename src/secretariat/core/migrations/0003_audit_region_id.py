from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_access_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="region_id",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="region_id",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["region_id", "id"], name="audit_region_newest"),
        ),
    ]
