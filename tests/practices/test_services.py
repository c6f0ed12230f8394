"""Practice services: who keeps a practice, drafts, versions, audit, and stale reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secretariat.core.audit import history_of
from secretariat.core.models import OutboxMessage
from secretariat.core.permissions import SYSTEM
from secretariat.core.versions import StaleEdit
from secretariat.practices import services
from secretariat.practices.models import Practice, Theme
from secretariat.search.models import Entry

pytestmark = pytest.mark.django_db


def test_the_four_covid_categories_are_seeded_under_one_heading(region, themes):
    root, *children = themes
    assert [t.parent for t in children] == [root] * 4
    assert children[2].name_en == "Protecting staff"
    assert children[2].display == "COVID-19 › Protecting staff"
    services.themes_seed_covid(region=region, by=SYSTEM)  # again: nothing doubles
    assert Theme.objects.filter(region=region).count() == 5


def test_a_draft_is_audited_and_stays_out_of_the_search(make_practice):
    practice = make_practice(submit=False)
    assert practice.is_draft
    assert [e.action for e in history_of(practice)] == ["created"]
    assert not Entry.objects.exists()


def test_submitting_indexes_the_practice_with_its_facets(make_practice, member, themes):
    practice = make_practice()
    entry = Entry.objects.get(kind="practice", object_id=str(practice.pk))
    facets = {(f.name, f.value) for f in entry.facets.all()}
    assert ("member", str(member.pk)) in facets
    assert ("theme", str(themes[1].pk)) in facets
    assert ("status", "in_force") in facets
    assert [e.action for e in history_of(practice)][:1] == ["submitted"]


def test_only_the_members_own_contact_point_creates_or_edits(cast, member, themes, make_practice):
    with pytest.raises(PermissionDenied):
        services.practice_create(member=member, by=cast.charlie, themes=[], title="x", summary="y")
    with pytest.raises(PermissionDenied):
        services.practice_create(member=member, by=cast.sam, themes=[], title="x", summary="y")
    practice = make_practice()
    with pytest.raises(PermissionDenied):
        services.practice_update(
            practice=practice, by=cast.charlie, expected_version=1, themes=[], title="Taken"
        )
    assert Practice.objects.get().title == "Green lane for relief consignments"


def test_a_stale_edit_is_refused_and_the_first_kept(cast, make_practice, themes):
    practice = make_practice()
    services.practice_update(
        practice=Practice.objects.get(),
        by=cast.alice,
        expected_version=1,
        themes=themes[1:2],
        title="First edit",
    )
    with pytest.raises(StaleEdit):
        services.practice_update(
            practice=practice,
            by=cast.bob,
            expected_version=1,
            themes=themes[1:2],
            title="Second edit",
        )
    assert Practice.objects.get().title == "First edit"
    assert Entry.objects.get().title == "First edit"


def test_a_practice_cannot_end_before_it_starts(make_practice):
    with pytest.raises(ValidationError):
        make_practice(
            effective_from=datetime.date(2020, 5, 1), effective_to=datetime.date(2020, 4, 1)
        )
    assert not Practice.objects.exists()


def test_a_theme_of_another_region_is_refused(cast, member, make_practice):
    from ..factories import RegionFactory

    elsewhere = services.themes_seed_covid(region=RegionFactory(slug="eu"), by=SYSTEM)
    with pytest.raises(ValidationError):
        make_practice(themes=[elsewhere[1]])


def test_the_secretariat_features_a_submitted_practice_only(cast, make_practice):
    draft = make_practice(submit=False)
    with pytest.raises(ValidationError):
        services.practice_feature(practice=draft, by=cast.sam, featured=True)
    practice = make_practice("Another")
    with pytest.raises(PermissionDenied):
        services.practice_feature(practice=practice, by=cast.alice, featured=True)
    services.practice_feature(practice=practice, by=cast.sam, featured=True)
    assert Practice.objects.get(pk=practice.pk).featured


def test_stale_practices_are_flagged_and_their_member_reminded_once(
    cast, make_practice, settings, smtp, django_capture_on_commit_callbacks
):
    settings.PRACTICE_STALE_AFTER_DAYS = 30
    practice = make_practice()
    make_practice("Fresh one")
    Practice.objects.filter(pk=practice.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.practices_remind_stale(now) == 1  # alice, the contact point
    assert services.practices_remind_stale(now + datetime.timedelta(days=1)) == 0
    message = OutboxMessage.objects.get()
    assert message.to == "alice@example.org"
    assert "Green lane for relief consignments" in message.body
    assert "Fresh one" not in message.body
    assert [m.rcpt_tos for m in smtp] == [["alice@example.org"]]
    # A full period later, still not updated: reminded again.
    later = now + datetime.timedelta(days=31)
    assert services.practices_remind_stale(later) == 1
