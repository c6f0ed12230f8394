"""The permission matrix: every URL pattern, requested as every kind of person, against a
table written by hand in permission_matrix.txt (never derived from the rules it checks).

For each (URL, person, method) the table says `ok` (allowed: the page, a redirect elsewhere,
or a refused form), `no` (refused: 403, 404 or the sign-in redirect) or, in the `anon`
column, `ok` meaning public. The test asserts, for every cell:
- no server error;
- the outcome is the table's;
- a refused person changed nothing: the row count of every table (audit entries included)
  is what it was before the request;
- an anonymous visitor never reads the title of one of Member A's drafts (DRAFT_MARK).
A URL pattern with no row fails with its name: a new view adds its rows (see
docs/decisions/0014-permission-matrix.md). Each request runs in a savepoint rolled back
after it, so one person's allowed POST never changes what the next person meets.
"""

import pathlib
from urllib.parse import urlparse

import pytest
from django.db import connection, transaction
from django.urls import reverse

from .conftest import DRAFT_MARK, PEOPLE, client_as
from .urls import patterns

TABLE = pathlib.Path(__file__).with_name("permission_matrix.txt")
METHODS = ("GET", "POST")
OUTCOMES = ("ok", "no")
# Rows of these tables come and go with any signed-in request (the session, allauth's list
# of a person's sessions): they say nothing about what a refused person could change.
SESSION_TABLES = {"django_session", "usersessions_usersession"}


def read_table(path=TABLE):
    """{(key, method): {person: outcome}} from the hand-written table."""
    rows = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, method, *cells = line.split()
        if method not in METHODS or len(cells) != len(PEOPLE) or set(cells) - set(OUTCOMES):
            raise ValueError(f"{path.name}:{number}: expected `<url name> GET|POST` + 6 of ok/no")
        if (key, method) in rows:
            raise ValueError(f"{path.name}:{number}: {key} {method} is listed twice")
        rows[key, method] = dict(zip(PEOPLE, cells, strict=True))
    return rows


EXPECTED = read_table()
ROUTES = patterns()


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in (401, 403, 404, 405):
        return "no"
    if status in (301, 302, 303, 307, 308):
        login = reverse("account_login")
        return "no" if urlparse(response["Location"]).path == login else "ok"
    return "ok"


def body(response) -> bytes:
    """The response's bytes; a file is read to its end, which closes it as the test client
    means (closing it directly would close the database connection inside the savepoint)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def snapshot():
    """The row count of every table, in one query."""
    names = sorted(set(connection.introspection.table_names()) - SESSION_TABLES)
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(n)})" for n in names)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_every_url_pattern_has_its_rows():
    missing = sorted(key for key in ROUTES if (key, "GET") not in EXPECTED)
    assert not missing, (
        f"{len(missing)} URL pattern(s) missing from {TABLE.name} (add a GET row, and a POST "
        f"row if the view takes POST): " + ", ".join(missing)
    )
    gone = sorted({key for key, _ in EXPECTED} - set(ROUTES))
    assert not gone, f"rows of URL patterns that no longer exist: {', '.join(gone)}"


def test_matrix_size():
    fast = [k for k in EXPECTED if not k[0].startswith(ADMIN)]
    print(
        f"\npermission matrix: {len(ROUTES)} URL patterns x {len(PEOPLE)} people, "
        f"{len(EXPECTED)} (pattern, method) rows: {len(EXPECTED) * len(PEOPLE)} requests "
        f"(fast tier: {len(fast)} rows x {len(FAST_PEOPLE)} people = "
        f"{len(fast) * len(FAST_PEOPLE)})"
    )
    assert len(ROUTES) > 100


def _request(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.post(url, {})


def check(key, people, world, addresses):
    url = addresses[key]
    if isinstance(url, Exception):
        pytest.fail(str(url))
    before = snapshot()
    wrong = []
    for method in METHODS:
        expected = EXPECTED.get((key, method))
        if expected is None:
            continue
        for person in people:
            client = client_as(world, person)
            with transaction.atomic():
                try:
                    response = _request(client, method, url)
                except Exception as error:  # a server error: the client re-raises it
                    wrong.append(f"{method} {url} as {person}: {type(error).__name__}: {error}")
                    transaction.set_rollback(True)
                    continue
                got = outcome(response)
                content = body(response)
                if got != expected[person]:
                    wrong.append(
                        f"{method} {url} as {person}: {got} ({response.status_code}), "
                        f"the table says {expected[person]}"
                    )
                if got == "no" and snapshot() != before:
                    after = snapshot()
                    changed = [n for n in before if before[n] != after[n]]
                    wrong.append(f"{method} {url} as {person}: refused but changed {changed}")
                if person == "anon" and DRAFT_MARK.encode() in content:
                    wrong.append(f"{method} {url} as anon: a draft's title is in the response")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


# The fast tier asks as the two people most often refused (a visitor, another Member's
# contact point) on the project's own pages; the slow tier asks as all six, admin included.
FAST_PEOPLE = ("anon", "charlie")
ADMIN = ("admin:", "route:admin")


@pytest.mark.parametrize("key", sorted(k for k in ROUTES if not k.startswith(ADMIN)))
def test_matrix(key, world, addresses, db):
    check(key, FAST_PEOPLE, world, addresses)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(ROUTES))
def test_matrix_everyone(key, world, addresses, db):
    check(key, PEOPLE, world, addresses)
