from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0005_remove_scope")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="attachment_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="attachment"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="attachment_type",
            field=models.CharField(blank=True, max_length=100, verbose_name="attachment type"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="attachment",
            field=models.TextField(blank=True, verbose_name="attachment content"),
        ),
    ]
