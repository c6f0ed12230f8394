import pytest

from secretariat.core.versions import StaleEdit, save_versioned
from secretariat.regions.models import Member


@pytest.mark.django_db
class TestSaveVersioned:
    def test_fresh_save_writes_and_bumps_version(self, member):
        member.website = "https://customs.example"
        save_versioned(member, expected_version=1, fields=["website"])
        assert member.version == 2
        stored = Member.objects.get(pk=member.pk)
        assert stored.version == 2 and stored.website == "https://customs.example"

    def test_only_the_named_fields_are_written(self, member):
        member.website = "https://customs.example"
        member.aliases = "not saved"
        save_versioned(member, expected_version=1, fields=["website"])
        assert Member.objects.get(pk=member.pk).aliases == ""

    def test_stale_save_raises_with_current_row_and_differing_rows(self, member):
        theirs = Member.objects.get(pk=member.pk)
        theirs.website = "https://theirs.example"
        save_versioned(theirs, expected_version=1, fields=["website"])

        mine = Member.objects.get(pk=member.pk)
        mine.version = 1  # loaded before their save
        mine.website = "https://mine.example"
        mine.aliases = ""
        with pytest.raises(StaleEdit) as caught:
            save_versioned(mine, expected_version=1, fields=["website", "aliases"])
        stale = caught.value
        assert stale.current.version == 2
        assert stale.current.website == "https://theirs.example"
        assert stale.mine is mine
        # Only the field that differs is shown, with its label, theirs and mine.
        assert [(str(label), a, b) for label, a, b in stale.rows()] == [
            ("website", "https://theirs.example", "https://mine.example")
        ]
        stored = Member.objects.get(pk=member.pk)
        assert stored.website == "https://theirs.example" and stored.version == 2

    def test_two_saves_from_the_same_version_one_wins(self, member):
        a = Member.objects.get(pk=member.pk)
        b = Member.objects.get(pk=member.pk)
        a.website, b.website = "https://a.example", "https://b.example"
        save_versioned(a, expected_version=1, fields=["website"])
        with pytest.raises(StaleEdit):
            save_versioned(b, expected_version=1, fields=["website"])
        # After seeing the conflict, saving on top of the current version works.
        save_versioned(b, expected_version=2, fields=["website"])
        assert Member.objects.get(pk=member.pk).website == "https://b.example"
        assert b.version == 3
