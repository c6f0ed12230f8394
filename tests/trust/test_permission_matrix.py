"""The permission matrix: every URL pattern, requested as every kind of person, against a
table written by hand in permission_matrix.txt (never derived from the rules it checks).

For each (URL, person, method) the table says `ok` (allowed: the page, a redirect elsewhere,
or a refused form), `no` (refused: 403, 404, a sign-in redirect, the admin's or the site's,
or the admin's redirect to its index for an object the person may not see) or, in the
`anon` column, `ok` meaning public. The test asserts, for every cell:
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
import re
from html import unescape
from urllib.parse import urlparse

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
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
            raise ValueError(
                f"{path.name}:{number}: expected `<url name> GET|POST` + {len(PEOPLE)} of ok/no"
            )
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
        to = urlparse(response["Location"]).path
        if to in (reverse("account_login"), reverse("admin:login")):
            return "no"
        # The admin answers an object the person may not see with its index (a signed-in
        # secretariat asking for the admin's sign-in page is sent there too: allowed).
        if to == reverse("admin:index") and response.request["PATH_INFO"] != reverse("admin:login"):
            return "no"
        return "ok"
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


# --- The other region's secretariat in the admin (issue 14, items 5 and 7)


def _scoped_admins():
    """(model admin, form models): every admin a region's secretariat may use, and the models
    its add form and inlines are made of."""
    from django.contrib import admin

    from secretariat.regions.admin import RegionScopedAdmin

    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, RegionScopedAdmin):
            inlines = [inline.model for inline in model_admin.inlines]
            yield model_admin, [model_admin.model, *inlines]


def _linkable_labels(models, region):
    """The choice labels of `region`'s objects that the forms of `models` could offer."""
    from secretariat.core.regions import in_regions, region_path

    labels = set()
    for model in models:
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            related = field.related_model
            if not field.is_relation or related is None or region_path(related) is None:
                continue
            labels |= {str(o) for o in in_regions(related._default_manager.all(), [region.pk])}
    return labels


def _options(html: str) -> set[str]:
    return {unescape(label) for label in re.findall(r"<option [^>]*>([^<]+)</option>", html)}


def test_the_other_regions_secretariat_is_offered_no_ap_object(world, db):
    client = client_as(world, "erin")
    request = RequestFactory().get("/")
    request.user = world.cast.erin
    leaks = []
    for model_admin, models in _scoped_admins():
        opts = model_admin.model._meta
        if not model_admin.has_add_permission(request):  # regions: platform administrators
            continue
        page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert page.status_code == 200, opts.label
        ours = _linkable_labels(models, world.region)
        theirs = _linkable_labels(models, world.far)
        offered = (_options(page.content.decode()) & ours) - theirs
        leaks += [f"{opts.label}: {label}" for label in sorted(offered)]
    assert not leaks, "A/P objects offered to another region's secretariat:\n" + "\n".join(leaks)


ERRORS = r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>'
CHOICE = "Select a valid choice. That choice is not one of the available choices."


def _ap_links(world):
    """POSTs that try to link A/P objects from the admin's add forms."""
    from secretariat.meetings.models import Meeting
    from secretariat.plans.models import FocusArea, Objective

    from ..meetings.factories import SessionFactory

    area = FocusArea.objects.filter(plan__region=world.region).order_by("pk").first()
    objective = Objective.objects.filter(focus_area__plan__region=world.region).first()
    meeting = Meeting.objects.filter(series__region=world.region).order_by("pk").first()
    return {
        "plans.Objective": (
            "admin:plans_objective_add",
            {
                "focus_area": area.pk,
                "number": "9.9",
                "title_en": "Linked across regions",
                "weight": "1",
                "order": "0",
                "activities-TOTAL_FORMS": "0",
                "activities-INITIAL_FORMS": "0",
            },
        ),
        "plans.Indicator": (
            "admin:plans_indicator_add",
            {
                "objective": objective.pk,
                "code": "X.1",
                "title_en": "Linked across regions",
                "unit": "%",
                "baseline_value": "0",
                "baseline_on": "2020-06-30",
                "direction": "up",
                "weight": "1",
                "order": "0",
                "targets-TOTAL_FORMS": "0",
                "targets-INITIAL_FORMS": "0",
            },
        ),
        "meetings.AgendaItem": (
            "admin:meetings_agendaitem_add",
            {
                "session": SessionFactory(region=world.far).pk,  # erin's own
                "meeting": meeting.pk,
                "position": "99",
                "kind": "other_business",
                "title_en": "Linked across regions",
            },
        ),
    }


@pytest.mark.parametrize("label", ["plans.Objective", "plans.Indicator", "meetings.AgendaItem"])
def test_the_other_regions_secretariat_cannot_link_ap_objects(world, db, label):
    from django.apps import apps

    name, data = _ap_links(world)[label]
    model = apps.get_model(label)
    client = client_as(world, "erin")
    before = snapshot()  # erin's session, made by _ap_links, included
    response = client.post(reverse(name), data)
    assert response.status_code == 200, f"{label}: {response.status_code}"
    # The form again, refusing the A/P choices and nothing else.
    shown = re.findall(r"<li>(.*?)</li>", "".join(re.findall(ERRORS, response.content.decode())))
    assert {unescape(m) for m in shown} == {CHOICE}, shown
    assert snapshot() == before
    assert not model.objects.filter(title_en="Linked across regions").exists()
