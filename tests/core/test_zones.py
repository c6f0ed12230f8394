import datetime
import zoneinfo

from django.template import engines
from django.utils import timezone, translation

TEMPLATE = engines["django"].from_string("{% load zones %}{% when moment zone %}")
OPENING = datetime.datetime(2020, 11, 12, 3, 0, tzinfo=datetime.UTC)


def shown(moment, zone, *, viewer_zone, language="en"):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(viewer_zone)):
        return TEMPLATE.render({"moment": moment, "zone": zone})


def test_event_zone_and_viewers_time_when_they_differ():
    html = shown(OPENING, "Asia/Jakarta", viewer_zone="Pacific/Tongatapu")
    assert '<time datetime="2020-11-12T10:00:00+07:00">' in html
    assert "Nov. 12, 2020, 10 a.m. WIB (UTC+07:00)" in html
    assert "your time: Nov. 12, 2020, 4 p.m." in html
    assert "Pacific/Tongatapu (UTC+13:00)" in html


def test_an_unknown_event_zone_falls_back_to_the_viewers():
    html = shown(OPENING, "Mars/Olympus", viewer_zone="Asia/Jakarta")
    assert "10 a.m. WIB (UTC+07:00)" in html


def test_only_the_event_zone_when_the_viewer_is_in_it():
    html = shown(OPENING, "Asia/Jakarta", viewer_zone="Asia/Jakarta")
    assert "10 a.m. WIB (UTC+07:00)" in html
    assert "your time" not in html


def test_a_zone_with_the_same_offset_is_not_repeated():
    # Bangkok is UTC+07:00 too: the same wall-clock time, nothing to add.
    assert "your time" not in shown(OPENING, "Asia/Jakarta", viewer_zone="Asia/Bangkok")


def test_without_an_event_zone_the_viewers_zone_is_used():
    html = shown(OPENING, None, viewer_zone="Europe/Paris")
    assert "4 a.m. CET (UTC+01:00)" in html and "your time" not in html


def test_french_dates_in_french():
    html = shown(OPENING, "Asia/Jakarta", viewer_zone="Europe/Paris", language="fr")
    assert "12 novembre 2020 10:00 WIB (UTC+07:00)" in html
    assert "12 novembre 2020 04:00 CET (UTC+01:00)" in html


def test_no_time_shows_nothing():
    assert shown(None, "Asia/Jakarta", viewer_zone="UTC") == ""
