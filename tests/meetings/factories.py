import datetime

import factory

from secretariat.meetings.models import AgendaItem, Meeting, Series, Session

from ..factories import EntityFactory, PersonFactory, RegionFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"series-{n}")
    reference = factory.Sequence(lambda n: f"S{n}")
    name_en = factory.Sequence(lambda n: f"Regional Meeting {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    region = factory.SubFactory(RegionFactory)
    time_zone = "Asia/Jakarta"
    starts_at = datetime.datetime(2020, 11, 12, 5, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2020, 11, 12, 10, tzinfo=datetime.UTC)
    # Published: tests of drafts make them with `published_at=None` (or through the services).
    published_at = datetime.datetime(2020, 10, 1, tzinfo=datetime.UTC)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    session = factory.SubFactory(SessionFactory, region=factory.SelfAttribute("..series.region"))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.DISCUSSION
    title_en = factory.Sequence(lambda n: f"Item {n}")


LINK = "https://meet.example.org/secret-room"
NOON_JAKARTA = datetime.datetime(2020, 11, 12, 5, tzinfo=datetime.UTC)


def joint_session(region, member):
    """A virtual joint session of RHCAC21 and RCP30 with an agenda in parts, still a draft.

    The opening (by Mr Heru Pambudi, at noon in Jakarta, 10 minutes), an address with two
    sub-items, and ROCB A/P's report in the RCP30 part; the join link is LINK.
    """
    heads = SeriesFactory(
        region=region,
        reference="RHCAC",
        name_en="Regional Heads of Customs Administrative Conference",
        name_fr="Conférence régionale des chefs d'administration des douanes",
        agenda_numbering=Series.Numbering.ROMAN,
        order=0,
    )
    rcp = SeriesFactory(
        region=region, reference="RCP", name_en="Regional Contact Point Meeting", order=1
    )
    first = MeetingFactory(
        series=heads,
        number=21,
        session__mode=Session.Mode.VIRTUAL,
        session__extraordinary=True,
        session__host=member,
        session__video_platform="Video conference",
        session__join_link=LINK,
    )
    session = first.session
    MeetingFactory(series=rcp, number=30, session=session)
    chair = PersonFactory(region=region, member=member, name="Heru Pambudi", honorific="Mr")
    rocb = EntityFactory(region=region, slug="rocb", short_name_en="ROCB A/P", short_name_fr="BRRC")
    AgendaItemFactory(
        session=session,
        position=1,
        kind=AgendaItem.Kind.OPENING,
        title_en="Opening remarks",
        title_fr="Allocution d'ouverture",
        presenter_person=chair,
        planned_start=NOON_JAKARTA,
        duration_minutes=10,
    )
    address = AgendaItemFactory(
        session=session, position=2, kind=AgendaItem.Kind.ADDRESS, title_en="Address"
    )
    AgendaItemFactory(session=session, parent=address, position=1, title_en="Free Zones")
    AgendaItemFactory(session=session, parent=address, position=2, title_en="E-Commerce")
    AgendaItemFactory(
        session=session,
        position=3,
        kind=AgendaItem.Kind.REPORT,
        title_en="Activity report of ROCB A/P",
        meeting=session.meetings.get(number=30),
        presenter_entity=rocb,
    )
    return session
