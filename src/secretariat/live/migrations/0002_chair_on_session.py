"""The chair moves from the live state to the session (meetings.PresidingOfficer): a chair
named on a live state becomes the session's chair, in their position as capacity."""

from django.db import migrations


def chair_to_session(apps, schema_editor):
    LiveState = apps.get_model("live", "LiveState")
    PresidingOfficer = apps.get_model("meetings", "PresidingOfficer")
    for state in LiveState.objects.exclude(chair=None).select_related("chair"):
        PresidingOfficer.objects.get_or_create(
            session_id=state.session_id,
            person_id=state.chair_id,
            defaults={
                "role": "chair",
                "capacity_en": state.chair.position_en,
                "capacity_fr": state.chair.position_fr,
            },
        )


def chair_to_live_state(apps, schema_editor):
    LiveState = apps.get_model("live", "LiveState")
    PresidingOfficer = apps.get_model("meetings", "PresidingOfficer")
    for officer in PresidingOfficer.objects.order_by("position", "pk"):
        LiveState.objects.filter(session_id=officer.session_id, chair=None).update(
            chair_id=officer.person_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_live_session"),
        ("meetings", "0006_participants"),
    ]

    operations = [
        migrations.RunPython(chair_to_session, chair_to_live_state),
        migrations.RemoveField(model_name="livestate", name="chair"),
    ]
