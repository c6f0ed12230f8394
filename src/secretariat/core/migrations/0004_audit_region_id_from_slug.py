"""Audit entries and outgoing mail were scoped by the region's slug: key them by its id."""

from django.db import migrations


def slug_to_id(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for name in ("AuditEntry", "OutboxMessage"):
        model = apps.get_model("core", name)
        for region in Region.objects.all():
            model.objects.filter(scope=region.slug).update(region_id=region.pk)


def id_to_slug(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for name in ("AuditEntry", "OutboxMessage"):
        model = apps.get_model("core", name)
        for region in Region.objects.all():
            model.objects.filter(region_id=region.pk).update(scope=region.slug)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_region_id"),
        ("regions", "0001_initial"),
    ]

    operations = [migrations.RunPython(slug_to_id, id_to_slug)]
