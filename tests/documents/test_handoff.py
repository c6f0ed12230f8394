"""Downloads handed off after the app's permission check: files on the local disk go out
through the proxy (X-Accel-Redirect), files in a bucket through short-lived signed
addresses; a refused reader gets neither."""

import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests

from secretariat.core.visibility import Visibility

from . import test_s3
from .conftest import pdf
from .test_views import add, download_url, fetch

s3_endpoint, bucket = test_s3.s3_endpoint, test_s3.bucket  # moto's S3 server, a bucket

pytestmark = pytest.mark.django_db


def test_a_local_file_goes_out_through_the_proxy_after_the_check(
    client, cast, session, media, settings
):
    settings.ACCEL_REDIRECT = "/_protected/"
    document = add(session, "RCP30/Doc 1", visibility=Visibility.MEMBERS)
    client.force_login(cast.alice)
    response = fetch(client, download_url(document))
    assert response.status_code == 200
    assert response.body == b""  # the app sends no byte of the file itself
    location = response["X-Accel-Redirect"]
    assert location.startswith("/_protected/")
    # The proxy's internal location maps the prefix onto the media folder (deploy/).
    on_disk = Path(media) / unquote(location.removeprefix("/_protected/"))
    with document.latest.file.open("rb") as stored:
        assert on_disk.read_bytes() == stored.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"

    client.logout()  # a reader who may not see it gets no hand-off
    refused = fetch(client, download_url(document))
    assert refused.status_code in (302, 404)
    assert "X-Accel-Redirect" not in refused


def test_without_the_setting_the_app_serves_the_file(client, cast, session, media):
    document = add(session, "RCP30/Doc 2")
    response = fetch(client, download_url(document))
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"RCP30/Doc 2" in response.body


def test_a_file_in_the_bucket_goes_out_through_a_signed_short_lived_address(
    client, cast, session, bucket, settings
):
    settings.SIGNED_URL_SECONDS = 60
    document = add(session, "RCP30/Doc 3", visibility=Visibility.MEMBERS, upload=pdf(text="S3"))
    client.force_login(cast.alice)
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = urlsplit(response.url)
    query = parse_qs(signed.query)
    if "X-Amz-Expires" in query:  # signature version 4, or 2, as the store asks
        assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    else:
        assert 50 < int(query["Expires"][0]) - time.time() <= 61 and "Signature" in query
    fetched = requests.get(response.url, timeout=10)  # as the browser follows it
    assert fetched.status_code == 200
    with document.latest.file.open("rb") as stored:
        assert fetched.content == stored.read()
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert fetched.headers["Cache-Control"] == "private, no-store"

    client.logout()
    refused = client.get(download_url(document))
    assert refused.status_code in (302, 404)
    assert signed.netloc not in refused.get("Location", "")
