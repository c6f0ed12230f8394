import datetime

import pytest

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.regions.models import Member

from ..factories import MemberFactory, SubRegionFactory


@pytest.mark.django_db
class TestAudit:
    def test_created_entry_lists_the_fields_given(self, cast, region):
        member = MemberFactory(
            region=region, short_name_en="Fiji", joined_on=datetime.date(2005, 6, 1)
        )
        entry = audit.record(by=cast.sam, action="created", obj=member)
        entry.refresh_from_db()
        assert entry.actor == cast.sam
        assert entry.region_id == region.pk
        assert entry.target_repr == "Fiji"
        assert entry.changes["short_name_en"] == [None, "Fiji"]
        assert entry.changes["joined_on"] == [None, "2005-06-01"]
        assert entry.changes["region"] == [None, str(region)]
        # Empty fields and the version counter are not noise in the history.
        assert "website" not in entry.changes
        assert "left_on" not in entry.changes
        assert "version" not in entry.changes

    def test_a_creation_under_another_name_lists_the_fields_too(self, cast, region):
        member = MemberFactory(region=region, short_name_en="Fiji")
        named = audit.record(by=cast.sam, action="admitted", obj=member, created=True)
        plain = audit.record(by=cast.sam, action="looked at", obj=member)
        assert named.changes["short_name_en"] == [None, "Fiji"]
        assert plain.changes == {}

    def test_update_lists_old_and_new_values_only_for_changed_fields(self, cast, region):
        member = MemberFactory(region=region, short_name_en="Fiji")
        sub = SubRegionFactory(region=region, name_en="Pacific")
        before = audit.snapshot(member)
        member.website = "https://customs.gov.fj"
        member.sub_region = sub
        member.save()
        entry = audit.record(by=cast.alice, action="updated", obj=member, before=before)
        entry.refresh_from_db()
        assert entry.changes == {
            "website": ["", "https://customs.gov.fj"],
            "sub_region": [None, "Pacific"],
        }
        assert entry.actor == cast.alice

    def test_snapshot_is_json_ready_and_diff_finds_changes(self, region):
        member = MemberFactory(region=region, joined_on=datetime.date(2020, 1, 1))
        before = audit.snapshot(member)
        assert before["joined_on"] == "2020-01-01"
        assert "id" not in before and "version" not in before
        member.joined_on = datetime.date(2021, 1, 1)
        assert audit.diff(before, audit.snapshot(member)) == {
            "joined_on": ["2020-01-01", "2021-01-01"]
        }
        assert audit.diff(before, before) == {}

    def test_anonymous_or_system_actor_is_kept_as_none(self, region):
        from django.contrib.auth.models import AnonymousUser

        member = MemberFactory(region=region)
        assert audit.record(by=SYSTEM, action="imported", obj=member).actor is None
        assert audit.record(by=AnonymousUser(), action="seen", obj=member).actor is None

    def test_history_of_returns_entries_of_that_object_only(
        self, cast, region, member, other_member
    ):
        audit.record(by=cast.sam, action="created", obj=member)
        audit.record(by=cast.sam, action="created", obj=other_member)
        history = list(audit.history_of(member))
        assert [e.target_id for e in history] == [str(member.pk)]
        assert AuditEntry.objects.count() == 2
        assert isinstance(history[0].target_type.model_class()(), Member)


def test_actions_are_shown_in_the_viewers_language():
    from django.utils import translation

    from secretariat.core.models import AuditEntry

    entry = AuditEntry(action="role assigned")
    with translation.override("fr"):
        assert entry.action_display == "rôle attribué"
    with translation.override("en"):
        assert entry.action_display == "role assigned"


@pytest.mark.django_db
def test_changes_are_labelled_with_the_fields_names_in_the_viewers_language():
    from django.utils import translation

    from secretariat.core import audit

    from ..factories import MemberFactory

    member = MemberFactory(website="")
    before = audit.snapshot(member)
    member.website = "https://customs.example"
    entry = audit.record(by=SYSTEM, action=audit.UPDATED, obj=member, before=before)
    with translation.override("fr"):
        assert [(str(label), new) for label, _old, new in entry.change_rows()] == [
            ("site web", "https://customs.example")
        ]
