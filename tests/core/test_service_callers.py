"""Who a write service lets in is its own business, not only its views' (decision 0017).

Before, most services trusted their caller (the views checked), and some read `by=None`
as "the secretariat": a caller that forgot to name itself was let through.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from secretariat.core.models import AuditEntry

from ..factories import EntityFactory
from ..meetings.factories import MeetingFactory, SeriesFactory


@pytest.fixture
def meeting(region):
    return MeetingFactory(series=SeriesFactory(region=region), title_en="21st Heads Conference")


def test_a_contact_point_calling_a_meeting_service_is_refused(cast, meeting):
    from secretariat.meetings import services

    with pytest.raises(PermissionDenied):
        services.meeting_postpone(meeting=meeting, by=cast.alice, reason_en="Not theirs to say.")
    meeting.refresh_from_db()
    assert meeting.status == meeting.Status.PLANNED
    assert not AuditEntry.objects.exists()


def test_another_regions_secretariat_cannot_edit_this_regions_member(cast, member):
    from secretariat.regions import services
    from secretariat.regions.models import Role

    from ..factories import user_with_role

    elsewhere = user_with_role(Role.Kind.SECRETARIAT, region=cast.dana.person.region)
    with pytest.raises(PermissionDenied):
        services.member_update(member=member, by=elsewhere, official_name_en="Taken over")
    member.refresh_from_db()
    assert member.official_name_en != "Taken over"


@pytest.mark.parametrize("service", ["gallery", "news", "call", "vote_close"])
def test_by_none_is_refused_not_taken_for_the_secretariat(service, region, meeting):
    """`by=None` was read as the secretariat by galleries, news, calls for nominations and
    votes; a caller that means the platform says SYSTEM."""
    from secretariat.decisions import services as decisions
    from secretariat.gallery import services as gallery
    from secretariat.nominations import services as nominations
    from secretariat.publishing import services as publishing
    from secretariat.regions.models import Post

    from ..factories import PostFactory

    calls = {
        "gallery": lambda: gallery.gallery_create(region=region, by=None, title_en="Photos"),
        "news": lambda: publishing.news_generate(session=meeting.session, by=None),
        "call": lambda: nominations.call_open(
            post=PostFactory(region=region, holder_kind=Post.HolderKind.MEMBER),
            by=None,
            deadline=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
            term_starts_on=datetime.date(2030, 7, 1),
            term_ends_on=datetime.date(2032, 6, 30),
        ),
        "vote_close": lambda: decisions.vote_close(vote=_open_vote(region, meeting), by=None),
    }
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        calls[service]()
    assert AuditEntry.objects.count() == before


def _open_vote(region, meeting):
    """A vote open at `meeting` on a proposal of the secretariat's, written as the platform."""
    from secretariat.core.permissions import SYSTEM
    from secretariat.decisions import services as decisions
    from secretariat.decisions.models import Vote
    from secretariat.meetings.models import Delegation, MeetingInvitation

    from ..factories import MemberFactory

    invitation = MeetingInvitation.objects.create(
        session=meeting.session,
        member=MemberFactory(region=region),
        registration_deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    Delegation.objects.create(invitation=invitation, status=Delegation.Status.APPROVED)
    proposal = decisions.proposal_create(
        region=region,
        by=SYSTEM,
        series=meeting.series,
        meeting=meeting,
        title_en="Budget",
        text_en="Adopt the budget.",
        secretariat=True,
    )
    vote = decisions.vote_open(proposal=proposal, by=SYSTEM, mode=Vote.Mode.MEETING)
    AuditEntry.objects.all().delete()
    return vote


def test_the_system_actor_is_let_in_and_recorded_as_no_person(region):
    from secretariat.activity_reports import services as reports
    from secretariat.core.permissions import SYSTEM

    report = reports.report_create(
        entity=EntityFactory(region=region),
        by=SYSTEM,
        title_en="Courses 2019-2020",
        starts_on=datetime.date(2019, 7, 1),
        ends_on=datetime.date(2020, 6, 30),
    )
    assert report.created_by is None
    entry = AuditEntry.objects.get(target_id=str(report.pk), action="created")
    assert entry.actor is None
