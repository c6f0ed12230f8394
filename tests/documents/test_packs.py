"""The meeting pack: built once by the worker, with a page saying it is being prepared,
shared by the readers who see the same documents, and made anew when a document changes."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents import packs, services

from .conftest import pdf
from .test_views import add, fetch, url

pytestmark = pytest.mark.django_db


def pack_url(session):
    return url("session-pack", session.region.slug, session.pk)


def built(media):
    return sorted(p.name for p in (media / "packs").rglob("*.zip"))


# The worker runs as it does in production, outside the test's transaction: on PostgreSQL it
# opens connections of its own, which Django refuses inside an atomic block.
@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_pack_once_and_readers_share_it(
    client, cast, session, media, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    add(session, "RCP30/Doc 1")
    add(session, "RCP30/Doc 2", visibility=Visibility.MEMBERS)
    client.force_login(cast.alice)

    waiting = client.get(pack_url(session))  # nothing built yet: the page says so
    assert waiting.status_code == 200
    assert "The ZIP of 2 documents is being prepared" in waiting.text
    assert waiting["Refresh"] == "2"
    assert client.get(pack_url(session)).status_code == 200  # asked again: still one task
    assert DBTaskResult.objects.filter(task_path__endswith="pack_build").count() == 1

    call_command("db_worker", batch=True, verbosity=0)  # the worker builds it

    response = fetch(client, pack_url(session))
    assert response["Content-Type"] == "application/zip"
    assert sorted(zipfile.ZipFile(io.BytesIO(response.body)).namelist()) == [
        "RCP30-Doc 1.pdf",
        "RCP30-Doc 2.pdf",
    ]
    first = built(media)
    assert len(first) == 1

    client.force_login(cast.bob)  # sees the same two documents: the same pack, no new task
    assert fetch(client, pack_url(session)).body == response.body
    assert built(media) == first
    assert DBTaskResult.objects.filter(task_path__endswith="pack_build").count() == 1

    client.logout()  # sees only the public one: a pack of its own, never the members' one
    assert "The ZIP of 1 document is being prepared" in client.get(pack_url(session)).text


def test_a_changed_document_makes_a_new_pack(client, cast, session, media):
    document = add(session, "RCP30/Doc 1")
    client.force_login(cast.alice)
    before = zipfile.ZipFile(io.BytesIO(fetch(client, pack_url(session)).body))
    assert b"(v2)" not in before.read("RCP30-Doc 1.pdf")
    services.document_replace(document=document, upload=pdf(text="v2"), by=SYSTEM)
    after = zipfile.ZipFile(io.BytesIO(fetch(client, pack_url(session)).body))
    assert b"(v2)" in after.read("RCP30-Doc 1.pdf")
    assert len(built(media)) == 2


def test_the_tick_drops_packs_nobody_asked_for_in_a_week(client, cast, session, media):
    import datetime

    from django.utils import timezone

    add(session, "RCP30/Doc 1")
    fetch(client, pack_url(session))
    assert len(built(media)) == 1
    assert packs.packs_prune(timezone.now()) == 0
    assert packs.packs_prune(timezone.now() + datetime.timedelta(days=8)) == 1
    assert built(media) == []
    assert not default_storage.exists("packs/nothing.zip")


def test_the_pack_is_handed_to_the_proxy_when_asked(client, cast, session, media, settings):
    settings.ACCEL_REDIRECT = "/_protected/"
    add(session, "RCP30/Doc 1")
    response = client.get(pack_url(session))
    assert response["X-Accel-Redirect"].startswith("/_protected/packs/")
    assert response["Content-Disposition"].startswith("attachment")
