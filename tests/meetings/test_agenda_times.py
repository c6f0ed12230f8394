"""Each agenda item's day and time on the session page, in the session's zone and the reader's
(issue 18). "Today" (4b8031d): the HTML agenda showed neither the day nor the time."""

import pytest

from .factories import joint_session


@pytest.mark.django_db
def test_the_agenda_shows_each_items_day_and_time_in_the_sessions_zone(client, region, member):
    """Failed on 4b8031d: the opening's planned start (noon in Jakarta) was not on the page."""
    session = joint_session(region, member)
    text = client.get(session.get_absolute_url()).text
    assert "Thursday 12 November, 12:00 WIB (UTC+07:00)" in text
    assert "10 min" in text


@pytest.mark.django_db
def test_the_readers_zone_stands_beside_when_it_differs(client, cast, region, member):
    session = joint_session(region, member)
    client.force_login(cast.alice)
    cast.alice.time_zone = "Pacific/Tongatapu"
    cast.alice.save()
    text = client.get(session.get_absolute_url()).text
    assert "Thursday 12 November, 12:00 WIB (UTC+07:00)" in text
    assert "(your time: Thursday 12 November, 18:00 Pacific/Tongatapu (UTC+13:00))" in text
