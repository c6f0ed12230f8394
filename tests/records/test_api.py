"""The records API: the same reader rules as the pages; paragraphs numbered as on the page."""

import datetime

import pytest
from django.utils import timezone

from secretariat.records import services

URL = "/api/regions/ap/records"


def _get(client, cast, who, url):
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    return client.get(url)


@pytest.mark.parametrize(
    ("stage", "readers"),
    [
        ("draft", {"sam"}),
        ("circulated", {"sam", "alice", "bob", "charlie"}),
        ("adopted", {"sam", "alice", "bob", "charlie", "dana", "anonymous"}),
    ],
)
@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dana", "sam", "anonymous"])
def test_records_per_permission(client, cast, record, stage, readers, who):
    if stage != "draft":
        services.record_circulate(
            record=record, comments_due=timezone.now() + datetime.timedelta(days=3), by=cast.sam
        )
    if stage == "adopted":
        services.record_adopt(record=record, by=cast.sam)
    listed = _get(client, cast, who, URL).json()
    detail = client.get(f"{URL}/{record.pk}")
    if who in readers:
        assert [r["id"] for r in listed] == [record.pk]
        assert listed[0]["reference"] == "RHCAC21 / RCP30"
        assert listed[0]["status"] == stage
        assert detail.status_code == 200
    else:
        assert listed == []
        assert detail.status_code == 404


def test_a_record_has_its_numbered_paragraphs_in_both_languages(client, cast, record):
    client.force_login(cast.sam)
    body = client.get(f"{URL}/{record.pk}").json()
    sections = body["sections"]
    assert [s["number"] for s in sections] == ["", "I", "II", "II.1", "II.2", "III", "IV"]
    assert sections[5]["part"] == "RCP30"
    numbers = [p["number"] for s in sections for p in s["paragraphs"]]
    assert numbers == list(range(1, len(numbers) + 1))
    opening = sections[1]
    assert opening["title_fr"] == "Allocution d'ouverture"
    assert opening["paragraphs"][0]["text_en"].endswith("opened the session.")
    assert set(opening["paragraphs"][0]) == {"number", "text_en", "text_fr"}  # no comments
