"""`backup` and `restore` round-trip the demo: SQLite → PostgreSQL → SQLite, row for row.

Each step is the real command in its own process, on its own data folder or database;
every row of every table and every stored file is compared at each end.
"""

import json
import os
import subprocess
import sys

import pytest

from ..e2e.server import ROOT, _Postgres

pytestmark = pytest.mark.slow

# Every row, serialized alike on both databases, and a checksum of every stored file.
SNAPSHOT = """
import hashlib, json, django
django.setup()
from django.core import serializers
from secretariat.core.backup import archived_models, files_named

def same_order(value):  # many-to-many ids come in no set order
    listed = isinstance(value, list) and all(type(v) is int for v in value)
    return sorted(value) if listed else value

rows, files = {}, {}
for model in archived_models():
    objects = list(model._base_manager.order_by("pk"))
    rows[model._meta.label_lower] = [
        {"pk": o["pk"], **{k: same_order(v) for k, v in o["fields"].items()}}
        for o in serializers.serialize("python", objects)
    ]
    for name, field in files_named(model, objects):
        with field.storage.open(name, "rb") as stored:
            files[name] = hashlib.sha256(stored.read()).hexdigest()
print(json.dumps({"rows": rows, "files": files}, sort_keys=True, default=str))
"""


# What an anonymous reader finds for a word the demo's public pages hold.
SEARCH = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from secretariat.regions.models import Region
from secretariat.regions.selectors import viewer_for
from secretariat.search.selectors import search
region = Region.objects.get(slug="ap")
print(search(region=region, viewer=viewer_for(AnonymousUser()), q="customs").count)
"""


def run(data_dir, *args, database_url=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRETARIAT_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        SECRETARIAT_MODE="demo",
        SECRETARIAT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="secretariat.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def snapshot(data_dir, database_url=""):
    return json.loads(run(data_dir, "-c", SNAPSHOT, database_url=database_url))


def differences(one, other):
    """The tables whose rows differ, and whether the files do: empty when all is the same."""
    tables = sorted(
        k
        for k in one["rows"].keys() | other["rows"].keys()
        if one["rows"].get(k) != other["rows"].get(k)
    )
    return tables + (["files"] if one["files"] != other["files"] else [])


@pytest.fixture
def postgres():
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    database = _Postgres(url)
    yield database.create()
    database.drop()


def test_the_demo_round_trips_through_postgresql_and_back(tmp_path, postgres):
    first, middle, last = tmp_path / "sqlite-a", tmp_path / "postgres", tmp_path / "sqlite-b"
    run(first, "-m", "secretariat", "demo", "--no-serve")
    original = snapshot(first)
    assert len(original["files"]) >= 3  # the demo's documents
    assert sum(map(len, original["rows"].values())) > 500

    run(first, "-m", "secretariat", "backup", "--output", str(tmp_path / "a.tar"))
    out = run(
        middle, "-m", "secretariat", "restore", str(tmp_path / "a.tar"), database_url=postgres
    )
    assert "from sqlite" in out
    assert differences(snapshot(middle, postgres), original) == []
    # The text index is made from rows, not archived: the restore rebuilt it.
    found = run(middle, "-c", SEARCH, database_url=postgres)
    assert int(found) > 0

    run(
        middle,
        "-m",
        "secretariat",
        "backup",
        "--output",
        str(tmp_path / "b.tar"),
        database_url=postgres,
    )
    run(last, "-m", "secretariat", "restore", str(tmp_path / "b.tar"))
    assert differences(snapshot(last), original) == []

    # The drills an operator runs (docs/operator-guide.md, "A restore drill"): the archive
    # into a throwaway SQLite copy; a pg_dump of the PostgreSQL site into a scratch database.
    out = run(first, "-m", "secretariat", "restore_drill", str(tmp_path / "a.tar"))
    assert "The drill passed" in out
    dump = tmp_path / "middle.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), postgres], check=True, timeout=300)
    scratch = _Postgres(postgres)
    drill_url = scratch.create()
    try:
        drill = ["restore_drill", "--pg-dump", str(dump), "--database-url", drill_url]
        out = run(middle, "-m", "secretariat", *drill, database_url=postgres)
    finally:
        scratch.drop()
    assert "The drill passed" in out

    # The restored site goes on: a new row gets a new id, not one the archive used.
    new_id = run(
        middle,
        "-c",
        "import django; django.setup();"
        "from secretariat.core.models import AuditEntry as A;"
        "from django.contrib.contenttypes.models import ContentType as C;"
        "t = C.objects.first();"
        "print(A.objects.create(action='checked', target_type=t, target_id='1').pk)",
        database_url=postgres,
    )
    assert int(new_id) > max(row["pk"] for row in original["rows"]["core.auditentry"])
