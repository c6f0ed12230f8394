"""Uploaded files on S3-compatible storage: moto's server on loopback stands in for the bucket."""

import io
import os
import subprocess
import sys

import boto3
import pytest
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from secretariat.documents.demo import tiny_pdf
from secretariat.documents.models import Document

from .conftest import pdf
from .test_views import add, fetch, form_data, upload_url

BUCKET = "secretariat-files"
KEYS = {"access_key": "testing", "secret_key": "testing-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
                **KEYS,
            },
        }
    }
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.mark.django_db
def test_a_document_is_uploaded_to_the_bucket_and_downloaded_through_the_app(
    client, cast, session, bucket, media, settings
):
    settings.SIGNED_URL_SECONDS = 0  # a bucket the browsers cannot reach (test_handoff.py)
    client.force_login(cast.sam)
    response = client.post(upload_url(session), form_data())
    assert response.status_code == 302
    document = Document.objects.get()
    key = document.latest.file.name
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == tiny_pdf("Plan")
    assert not media.exists() or not any(media.rglob("*.pdf"))  # nothing on the local disk

    download = fetch(client, f"/ap/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.body == stored


def test_the_environment_switches_the_storage():
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.pathsep.join(sys.path),
        "SECRETARIAT_MODE": "test",
        "SECRETARIAT_S3_BUCKET": "files",
        "SECRETARIAT_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    script = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env | {"DJANGO_SETTINGS_MODULE": "secretariat.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "files", "http://127.0.0.1:9000"]


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_files_of_the_bucket(session, bucket, tmp_path):
    document = add(session, "RCP30/Doc 9", upload=pdf(text="kept in the bucket"))
    key = document.latest.file.name
    content = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    call_command("flush", interactive=False)
    bucket.delete_object(Bucket=BUCKET, Key=key)
    call_command("restore", archive, stdout=io.StringIO())

    restored = Document.objects.get(reference="RCP30/Doc 9")
    assert restored.latest.file.name == key
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
