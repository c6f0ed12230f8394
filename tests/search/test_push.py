"""One way into search: the service (or the admin) that changes an object writes the entries
the change changes, in its transaction, so the search never shows what a reader may no longer
open (decision 0009)."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

import secretariat.search
from secretariat.core.registry import run_tick
from secretariat.core.visibility import Visibility
from secretariat.documents import services as documents
from secretariat.documents.demo import tiny_pdf
from secretariat.meetings import services
from secretariat.search.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(region, cast):
    series = services.series_create(
        region=region,
        by=cast.sam,
        reference="RHCAC",
        name_en="Regional Heads of Customs Administration Conference",
    )
    meeting = services.meeting_create(
        series=series,
        number=28,
        by=cast.sam,
        visibility=Visibility.PUBLIC,
        time_zone="Asia/Bangkok",
        starts_at=datetime.datetime(2027, 4, 1, 2, tzinfo=datetime.UTC),
    )
    services.session_publish(session=meeting.session, by=cast.sam)
    documents.document_upload(
        session=meeting.session,
        by=cast.sam,
        reference="RHCAC28/Doc 1",
        title_en="Provisional agenda",
        upload=SimpleUploadedFile("a.pdf", tiny_pdf("Provisional agenda")),
    )
    run_tick(datetime.datetime.now(datetime.UTC))  # whatever the tick does, it has done it
    return meeting


def listed(client, region, q="28th"):
    """What the search page and the search API list for `q`, for the client's user."""
    page = client.get(reverse("search:search", args=[region.slug]), {"q": q}).text
    api = client.get(f"/api/regions/{region.slug}/search", {"q": q}).json()
    return "28th Regional Heads" in page, sorted(hit["title"] for hit in api["results"])


FOUND = (
    True,
    [
        "28th Regional Heads of Customs Administration Conference",
        "RHCAC28/Doc 1 Provisional agenda",
    ],
)


def test_a_meeting_made_members_only_leaves_the_search_at_once(client, region, cast, meeting):
    session_url = meeting.session.get_absolute_url()
    assert client.get(session_url).status_code == 200
    assert listed(client, region) == FOUND

    client.force_login(cast.sam)
    response = client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        {
            "series": meeting.series_id,
            "number": 28,
            "session": meeting.session_id,
            "title_en": "",
            "title_fr": "",
            "status": meeting.status,
            "visibility": Visibility.MEMBERS,
        },
    )
    assert response.status_code == 302, response.text
    client.logout()

    assert client.get(session_url).status_code == 404
    assert listed(client, region) == (False, [])  # the session and its document, before a tick
    client.force_login(cast.charlie)  # a Member's delegate still finds both
    assert listed(client, region) == FOUND


def test_an_agenda_item_is_found_as_soon_as_it_is_added(client, region, cast, meeting):
    services.agenda_item_add(
        session=meeting.session, kind="discussion", title_en="Pandemic recovery", by=cast.sam
    )
    assert listed(client, region, "pandemic")[1] == [meeting.session.title_en]


def test_a_change_undone_takes_its_entries_with_it(client, region, cast, meeting):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.agenda_item_add(
            session=meeting.session, kind="discussion", title_en="Pandemic recovery", by=cast.sam
        )
        raise RuntimeError("the request fails after the write")
    assert listed(client, region, "pandemic")[1] == []


def test_a_joint_session_replaces_the_sessions_it_merges(client, region, cast, meeting):
    other = services.meeting_create(
        series=meeting.series, number=29, by=cast.sam, visibility=Visibility.PUBLIC
    )
    joint = services.sessions_join(meetings=[meeting, other], by=cast.sam)
    sessions = Entry.objects.filter(kind="session").values_list("object_id", flat=True)
    assert list(sessions) == [str(joint.pk)]
    assert not Entry.objects.filter(kind="document").exists()  # its session is merged


def test_search_imports_no_app_it_indexes():
    """The apps register their sources (core.registry); the search knows core and regions."""
    allowed = ("secretariat.core", "secretariat.regions", "secretariat.search")
    imported = set()
    for path in Path(secretariat.search.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    app_imports = {m for m in imported if m.startswith("secretariat.")}
    assert app_imports and not {m for m in app_imports if not m.startswith(allowed)}
