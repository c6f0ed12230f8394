"""Adopted summary records are found by the search, as readable as their meetings."""

import datetime

from django.utils import timezone

from secretariat.core.visibility import Visibility
from secretariat.records import services
from secretariat.regions.selectors import viewer_for
from secretariat.search.models import Entry
from secretariat.search.selectors import search


def _found(region, user, q):
    results = search(region=region, viewer=viewer_for(user), q=q, selected={})
    return [(e.kind, e.title) for e in results.page]


def _adopt(record, cast):
    services.record_circulate(
        record=record, comments_due=timezone.now() + datetime.timedelta(days=2), by=cast.sam
    )
    services.record_adopt(record=record, by=cast.sam)


def test_an_adopted_record_is_found_by_its_paragraphs(region, record, cast):
    assert not Entry.objects.filter(kind="record").exists()  # a draft is not indexed
    _adopt(record, cast)
    assert _found(region, None, "welcomed delegates") == [
        ("record", "Summary record RHCAC21 / RCP30")
    ]


def test_a_members_only_meeting_s_record_is_not_found_by_the_public(region, record, cast):
    record.session.meetings.update(visibility=Visibility.MEMBERS)
    _adopt(record, cast)
    assert _found(region, None, "welcomed delegates") == []
    assert _found(region, cast.charlie, "welcomed delegates") == [
        ("record", "Summary record RHCAC21 / RCP30")
    ]
