import datetime

import factory

from secretariat.meetings.models import AgendaItem, Meeting, Series, Session

from ..factories import RegionFactory


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
