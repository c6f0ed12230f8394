"""allauth's list of addresses is no second source of sign-in addresses (decision 0002): a row
that is not its account's own sign-in address (one added on the old email page) is removed,
so a password reset for it finds no account."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower


def remove_foreign_addresses(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.exclude(email=Lower(F("user__email"))).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_calendar_feed"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(remove_foreign_addresses, migrations.RunPython.noop)]
