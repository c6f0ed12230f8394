"""Follow-up actions: the secretariat sets them, owners report them done, the tick reminds."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.decisions import services
from secretariat.decisions.models import Action

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def decision(tabled, cast):
    return services.proposal_decide(proposal=tabled, by=cast.sam, outcome="endorsed")


@pytest.fixture
def action(decision, cast, member):
    return services.action_add(
        decision=decision,
        by=cast.sam,
        text_en="Send the nominee's CV to the WCO",
        text_fr="Envoyer le CV du candidat à l'OMD",
        member=member,
        due_on=D(2030, 3, 15),
    )


def test_the_secretariat_adds_an_action_audited(action, cast):
    assert action.owner == "Indonesia" and action.status == Action.Status.OPEN
    assert AuditEntry.objects.filter(action="follow-up action added").count() == 1


def test_only_the_secretariat_adds_and_only_for_the_region(decision, cast, member):
    with pytest.raises(PermissionDenied):
        services.action_add(
            decision=decision, by=cast.alice, text_en="x", member=member, due_on=D(2030, 1, 1)
        )
    far = MemberFactory(region=cast.dana.person.region, short_name_en="Far")
    with pytest.raises(ValidationError, match="region's Members"):
        services.action_add(
            decision=decision, by=cast.sam, text_en="x", member=far, due_on=D(2030, 1, 1)
        )
    assert not Action.objects.exists()


def test_the_secretariat_owns_an_action_without_member_or_entity(decision, cast):
    action = services.action_add(
        decision=decision, by=cast.sam, text_en="Circulate the record", due_on=D(2030, 1, 1)
    )
    assert action.owner == "the secretariat"


def test_the_owner_marks_its_action_done_another_member_cannot(action, cast):
    with pytest.raises(PermissionDenied):
        services.action_done(action=action, by=cast.charlie, note="Not ours")
    services.action_done(action=action, by=cast.bob, note="Sent on 1 March.")
    action.refresh_from_db()
    assert (action.status, action.note) == (Action.Status.DONE, "Sent on 1 March.")
    with pytest.raises(ValidationError, match="already done"):
        services.action_done(action=action, by=cast.alice)
    assert AuditEntry.objects.filter(action="follow-up action done").count() == 1


def tick():
    out = io.StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_the_tick_reminds_the_owner_once_a_week_before(
    action, cast, smtp, django_capture_on_commit_callbacks
):
    two_weeks_before = datetime.datetime(2030, 3, 1, 3, tzinfo=datetime.UTC)
    with (
        time_machine.travel(two_weeks_before, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "'actions_reminded': 0" in tick()
    assert not smtp
    six_days_before = datetime.datetime(2030, 3, 9, 3, tzinfo=datetime.UTC)
    with (
        time_machine.travel(six_days_before, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "'actions_reminded': 1" in tick()
        assert "'actions_reminded': 0" in tick()  # once only
    [message] = smtp
    assert message.rcpt_tos == ["alice@example.org"]
    body = message.content.decode()
    assert "Follow-up action due soon (RHCAC21/D1)" in body
    assert "Send the nominee's CV to the WCO" in body


# --- pages -----------------------------------------------------------------------------------


def page(decision):
    return reverse("decisions:decision-detail", args=[decision.region.slug, decision.pk])


def done_url(action):
    return reverse(
        "decisions:action-done",
        args=[action.decision.region.slug, action.decision_id, action.pk],
    )


def add_url(decision):
    return reverse("decisions:action-add", args=[decision.region.slug, decision.pk])


@pytest.mark.parametrize(
    "who, sees_form, may_mark",
    [("sam", True, True), ("alice", False, True), ("charlie", False, False), (None, False, False)],
)
def test_the_decision_page_lists_actions(client, cast, action, who, sees_form, may_mark):
    if who:
        client.force_login(getattr(cast, who))
    text = client.get(page(action.decision)).text
    assert "Send the nominee&#x27;s CV to the WCO" in text
    assert ("Add a follow-up action" in text) is sees_form
    assert ("Mark done" in text) is may_mark


def test_the_french_page_shows_the_french_text(client, cast, action):
    client.cookies["django_language"] = "fr"
    text = client.get(page(action.decision), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Envoyer le CV du candidat" in text


def test_adding_on_the_page_and_refusals(client, cast, decision, member, other_member):
    client.force_login(cast.sam)
    response = client.post(
        add_url(decision),
        {"text_en": "Report back", "member": member.pk, "due_on": "2030-05-01"},
    )
    assert response.status_code == 302 and Action.objects.get().member == member
    response = client.post(add_url(decision), {"text_en": "", "due_on": "soon"})
    assert response.status_code == 400 and Action.objects.count() == 1
    client.force_login(cast.alice)
    assert (
        client.post(add_url(decision), {"text_en": "x", "due_on": "2030-05-01"}).status_code == 403
    )
    client.logout()
    assert (
        client.post(add_url(decision), {"text_en": "x", "due_on": "2030-05-01"}).status_code == 302
    )
    assert Action.objects.count() == 1


@pytest.mark.parametrize("who, status, done", [("charlie", 403, False), ("alice", 302, True)])
def test_marking_done_on_the_page(client, cast, action, who, status, done):
    client.force_login(getattr(cast, who))
    response = client.post(done_url(action), {"note": "Sent."})
    assert response.status_code == status
    action.refresh_from_db()
    assert (action.status == Action.Status.DONE) is done


def test_the_decision_page_queries_do_not_grow_with_actions(client, cast, decision, member):
    def add(n):
        for i in range(n):
            services.action_add(
                decision=decision, by=cast.sam, text_en=f"a{i}", member=member, due_on=D(2030, 1, 1)
            )

    client.force_login(cast.alice)
    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(page(decision))
    add(9)
    with CaptureQueriesContext(connection) as ten:
        client.get(page(decision))
    assert len(ten) == len(one)


# --- matters arising, the home page, the API -------------------------------------------------


def test_matters_arising_lists_open_actions_filtered_by_owner(client, cast, action, member):
    services.action_add(
        decision=action.decision, by=cast.sam, text_en="Circulate the record", due_on=D(2020, 1, 1)
    )
    url = reverse("decisions:matters-arising", args=[member.region.slug])
    text = client.get(url).text
    assert "Circulate the record" in text and "Send the nominee" in text and "overdue" in text
    text = client.get(url, {"owner": member.pk}).text
    assert "Circulate the record" not in text and "Send the nominee" in text
    text = client.get(url, {"owner": "secretariat"}).text
    assert "Circulate the record" in text and "Send the nominee" not in text
    assert "Send the nominee" in client.get(url, {"owner": "nonsense"}).text  # ignored
    services.action_done(action=action, by=cast.alice)
    assert "Send the nominee" not in client.get(url).text


def test_matters_arising_hides_actions_of_decisions_one_may_not_see(
    client, cast, make_proposal, member
):
    proposal = make_proposal(by=cast.sam, visibility="secretariat")
    services.proposal_table(proposal=proposal, by=cast.sam)
    decision = services.proposal_decide(proposal=proposal, by=cast.sam, outcome="endorsed")
    services.action_add(
        decision=decision, by=cast.sam, text_en="Internal step", member=member, due_on=D(2030, 1, 1)
    )
    url = reverse("decisions:matters-arising", args=[member.region.slug])
    assert "Internal step" not in client.get(url).text
    client.force_login(cast.sam)
    assert "Internal step" in client.get(url).text


@pytest.mark.parametrize("rows", [1, 10])
def test_matters_arising_query_count(client, cast, decision, member, rows):
    for i in range(rows):
        services.action_add(
            decision=decision, by=cast.sam, text_en=f"a{i}", member=member, due_on=D(2030, 1, 1)
        )
    url = reverse("decisions:matters-arising", args=[member.region.slug])
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 6


def test_the_owners_home_page_lists_its_open_actions(client, cast, action):
    client.force_login(cast.bob)
    text = client.get(reverse("accounts:home")).text
    assert "Follow-up action (RHCAC21/D1), due" in text and "Send the nominee" in text
    client.force_login(cast.charlie)
    assert "Send the nominee" not in client.get(reverse("accounts:home")).text


def test_the_api_lists_open_actions(client, cast, action, member):
    response = client.get("/api/regions/ap/actions")
    [row] = response.json()
    assert row["decision"] == "RHCAC21/D1" and row["owner_member"] == member.slug
    assert row["text_fr"].startswith("Envoyer") and row["status"] == "open"
    assert client.get("/api/regions/ap/actions", {"owner": "secretariat"}).json() == []
    assert client.get("/api/regions/ap/actions", {"owner": "nowhere"}).status_code == 404
