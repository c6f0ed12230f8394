from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_region_id_from_slug"),
    ]

    operations = [
        migrations.RemoveField(model_name="auditentry", name="scope"),
        migrations.RemoveField(model_name="outboxmessage", name="scope"),
    ]
