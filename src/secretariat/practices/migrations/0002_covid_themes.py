"""Seed every existing region's themes with the four COVID-19 categories (the WCO's, 2020)."""

from django.db import migrations

ROOT = ("COVID-19", "COVID-19")
CATEGORIES = [
    (
        "Facilitating the cross-border movement of relief and essential supplies",
        "Faciliter la circulation transfrontière des secours et des fournitures essentielles",
    ),
    (
        "Supporting the economy and sustaining supply chain continuity",
        "Soutenir l'économie et assurer la continuité de la chaîne logistique",
    ),
    ("Protecting staff", "Protéger le personnel"),
    ("Protecting society", "Protéger la société"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Theme = apps.get_model("practices", "Theme")
    for region in Region.objects.all():
        root, _ = Theme.objects.get_or_create(
            region=region, parent=None, name_en=ROOT[0], defaults={"name_fr": ROOT[1]}
        )
        for order, (name_en, name_fr) in enumerate(CATEGORIES, start=1):
            Theme.objects.get_or_create(
                region=region,
                parent=root,
                name_en=name_en,
                defaults={"name_fr": name_fr, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_practices_themes_reference_lists")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
