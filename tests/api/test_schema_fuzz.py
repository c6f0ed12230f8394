"""Fuzz the whole API against its own OpenAPI document, in-process (slow tier).

Every generated request must get a documented status (never a 5xx) and a body
that conforms to the schema. Each case is also replayed with the path's slugs
swapped for real ones and with a participant's token, so the 200 responses of
every operation are checked, not just the 404s of random slugs.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from secretariat.accounts.models import AccessToken

from ..meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.slow

# Checks on the response alone, valid for a replay whatever mode the case was generated in.
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
REAL = {"region": "ap", "members": "indonesia", "entities": "rocb", "posts": "vice-chair"}


@pytest.fixture
def in_process():
    """Keep the test's transaction open across requests, as Django's test client does.

    The WSGI handler closes "old" connections when a request ends; inside a test
    transaction on PostgreSQL that would close the connection holding the data.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def session(world):
    """A session with an agenda item, so the meetings operations answer 200 too."""
    meeting = MeetingFactory(series__region=world.region, session__join_link="https://x.example/j")
    AgendaItemFactory(session=meeting.session, presenter_entity=world.entity)
    return meeting.session


@pytest.fixture
def token(world, cast):
    return AccessToken.issue(user=cast.alice, name="fuzz")[1]


# Loaded from the app itself, in-process, as any client would fetch it.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


def real_slugs(case, session):
    params = dict(case.path_parameters or {})
    if "session" in params:
        params["session"] = session.pk
    if "region" in params:
        params["region"] = REAL["region"]
    if "slug" in params:
        collection = case.path.split("/")[4]  # /api/regions/{region}/<collection>/{slug}
        params["slug"] = REAL[collection]
    return params


@schema.parametrize()
@settings(
    max_examples=40,  # bounded: the slow tier stays under a minute,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, in_process, world, session, token):
    case.call_and_validate()
    case.path_parameters = real_slugs(case, session)
    for headers in ({}, {"Authorization": f"Bearer {token}"}):
        response = case.call(headers=headers)
        case.validate_response(response, checks=RESPONSE_CHECKS)
