"""Form fuzzing: hostile values posted to every form the secretariat or a contact point can post.

The forms are those of the permission matrix's POST rows where sam (the secretariat) or
alice (a contact point) is allowed, outside allauth's and the admin's own pages. For each,
the page is read as that person, its form's fields are found, and hypothesis posts random and
hostile values: very long strings, NUL bytes and other control characters, Thai, Chinese,
Persian, right-to-left marks, HTML and script tags, huge numbers, malformed dates, choices
that are not offered, the same field twice. Each post is rolled back. The test asserts: never
a server error; a refused form answers 200/400/409/422 with the typed text kept (escaped) in
the re-shown form; nothing typed is rendered as live markup. After each post that saved,
every feed and every CSV and XLSX export is rendered again, and none may fail.
"""

import lxml.html
import pytest
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.core.text import printable

from .conftest import client_as
from .test_exports import EXPORTS
from .test_permission_matrix import EXPECTED, body

pytestmark = pytest.mark.slow

EXAMPLES = 8
# Allauth's and the admin's pages are those libraries' own forms, tested by them.
FOREIGN = ("account_", "mfa_", "usersessions_", "admin:", "route:admin")
FORMS = sorted(
    (key, person)
    for (key, method), row in EXPECTED.items()
    for person in ("sam", "alice")
    if method == "POST" and row[person] == "ok" and not key.startswith(FOREIGN)
)
REFUSED_FORM = (200, 400, 409, 422)
TEXT_TYPES = {"text", "email", "url", "search", "tel", "password", None}
SCRIPT = "<script>t0k3n()</script>"
IMG = "<img src=x onerror=t0k3n()>"
LIVE_MARKUP = (b"<script>t0k3n", b"<img src=x onerror=t0k3n")

HOSTILE = [
    SCRIPT,
    IMG,
    '"><script>t0k3n()</script>',
    "x" * 100_000,
    "a\x00b",
    "\x00",
    "\x07\x08\x0b\x0c\x1b[31m",
    "ศุลกากรภูมิภาคเอเชียแปซิฟิก",
    "亚太区域海关",
    "گمرک جمهوری اسلامی ایران",
    "\u202eevil\u202c \u200f\u200e",
    "\ufeff\u200b",
    "😀" * 50,
    "{{ 7|add:7 }} {% csrf_token %}",
    "'; DROP TABLE regions_member; --",
    "../../etc/passwd",
    "   ",
    "",
]
NUMBERS = ["1e309", "-1", "99999999999999999999999999", "NaN", "inf", "0x10", "١٢٣", "1,5", ""]
DATES = ["2020-02-30", "31/12/2020", "0000-00-00", "9999-99-99", "2020-13-01", "yesterday", ""]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=50)),
)


def form_fields(content, url):
    """{name: (kind, options)} of the page's main POST form (the one posting to `url`)."""
    try:
        page = lxml.html.fromstring(content)
    except Exception:
        return {}
    forms = [f for f in page.forms if (f.method or "").upper() == "POST"]
    mine = [f for f in forms if (f.get("action") or url) == url]
    fields = {}
    for form in mine[:1]:
        for el in form.inputs:
            name = el.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if el.tag == "select":
                options = [o.get("value") or o.text or "" for o in el.iter("option")]
                fields[name] = ("select", options)
            elif el.tag == "textarea":
                fields[name] = ("text", [])
            else:
                kind = (el.get("type") or "text").lower()
                if kind in TEXT_TYPES:
                    fields[name] = ("text", [])
                elif kind in ("number", "range"):
                    fields[name] = ("number", [])
                elif kind in ("date", "datetime-local", "time", "month"):
                    fields[name] = ("date", [])
                elif kind in ("checkbox", "radio"):
                    fields[name] = ("check", [el.get("value") or "on"])
                elif kind == "hidden":
                    fields[name] = ("hidden", [el.get("value") or ""])
    return fields


def value_for(kind, options):
    if kind == "text":
        return hostile_text
    if kind == "number":
        return st.one_of(st.sampled_from(NUMBERS), st.integers().map(str), hostile_text)
    if kind == "date":
        return st.one_of(st.sampled_from(DATES), hostile_text)
    if kind == "select":
        return st.one_of(st.sampled_from(options or [""]), st.sampled_from(["-1", "x", "999999"]))
    return st.one_of(st.sampled_from(options), hostile_text)


FEEDS = ["practices:practice-feed", "publishing:news-feed"]


def outputs_failing(world, addresses) -> list[str]:
    """Every feed and export (CSV, XLSX), fetched as the secretariat: those answering 500."""
    sam = client_as(world, "sam")
    urls = [addresses[key] for key in FEEDS]
    for key, fmt in EXPORTS:
        url = addresses[key]
        urls.append(url.removesuffix(".csv") + ".xlsx" if fmt == "xlsx" else url)
    return [url for url in urls if sam.get(url).status_code >= 500]


def test_forms_are_found():
    pages = len({key for key, _ in FORMS})
    print(f"\nform fuzzing: {pages} forms, {len(FORMS)} (form, person), {EXAMPLES} examples each")
    assert len(FORMS) > 30


@pytest.mark.parametrize(("key", "person"), FORMS)
def test_hostile_values(key, person, world, addresses, db):
    url = addresses[key]
    page = client_as(world, person).get(url)
    fields = form_fields(page.content, url) if page.status_code == 200 else {}
    names = sorted(fields)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        values=st.fixed_dictionaries({n: value_for(*fields[n]) for n in names}),
        twice=st.lists(st.sampled_from(names or ["extra"]), max_size=2),
        extra=st.dictionaries(st.sampled_from(["x", "pk", "id", "region"]), hostile_text),
    )
    def post(values, twice, extra):
        data = {**extra, **values}
        for name in twice:
            data[name] = [data.get(name, ""), SCRIPT]
        with transaction.atomic():
            try:
                response = client_as(world, person).post(url, data)
                if response.status_code in (301, 302, 303):  # saved: what it feeds still works
                    broken = outputs_failing(world, addresses)
                    assert broken == [], f"after a save to {url}: {broken}"
            finally:
                transaction.set_rollback(True)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        content = body(response)
        for marker in LIVE_MARKUP:
            assert marker not in content, f"{url}: typed markup rendered live"
        if response.status_code not in REFUSED_FORM:
            return
        shown = form_fields(content, url)
        for name, value in values.items():
            value = printable(value)  # control characters are stripped on the way in
            kind = fields[name][0]
            if kind != "text" or name not in shown or name in twice or not value.strip():
                continue
            assert escape(value).encode() in content or escape(value.strip()).encode() in content, (
                f"{url}: the typed {name!r} is not kept in the re-shown form"
            )

    post()
