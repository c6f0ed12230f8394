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
from secretariat.core.versions import StaleEdit
from secretariat.decisions import services
from secretariat.decisions.models import Action
from secretariat.regions.models import Role

from ..factories import EntityFactory, MemberFactory, user_with_role

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


def test_the_owner_reports_progress_then_done_another_member_cannot(action, cast):
    with pytest.raises(PermissionDenied):
        services.action_report(action=action, by=cast.charlie, status="done", note="Not ours")
    services.action_report(action=action, by=cast.bob, status="in_progress", note="CV asked.")
    action.refresh_from_db()
    assert (action.status, action.note) == (Action.Status.IN_PROGRESS, "CV asked.")
    with pytest.raises(ValidationError, match="in progress or done"):
        services.action_report(action=action, by=cast.bob, status="open")
    services.action_report(action=action, by=cast.bob, status="done", note="Sent on 1 March.")
    action.refresh_from_db()
    assert (action.status, action.note) == (Action.Status.DONE, "Sent on 1 March.")
    with pytest.raises(ValidationError, match="already done"):
        services.action_report(action=action, by=cast.alice, status="done")
    assert AuditEntry.objects.filter(action="progress reported").count() == 2


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


def test_the_tick_reminds_an_entitys_officers_and_the_secretariat_of_their_own(
    decision, cast, region, smtp, django_capture_on_commit_callbacks
):
    rocb = EntityFactory(region=region, short_name_en="ROCB A/P", name_en="ROCB Asia/Pacific")
    user_with_role(Role.Kind.ENTITY_OFFICER, region=region, entity=rocb, email="erin@example.org")
    services.action_add(
        decision=decision,
        by=cast.sam,
        text_en="Plan the workshop",
        entity=rocb,
        due_on=D(2030, 3, 15),
    )
    services.action_add(
        decision=decision, by=cast.sam, text_en="Circulate the record", due_on=D(2030, 3, 15)
    )
    with (
        time_machine.travel(datetime.datetime(2030, 3, 9, 3, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "'actions_reminded': 2" in tick()
    sent = {tuple(m.rcpt_tos): m.content.decode() for m in smtp}
    assert set(sent) == {("erin@example.org",), ("sam@example.org",)}
    assert "Plan the workshop" in sent[("erin@example.org",)]
    assert "falls to ROCB" in sent[("erin@example.org",)]
    assert "Circulate the record" in sent[("sam@example.org",)]


def test_an_entitys_officer_reports_on_its_action_only(decision, cast, region):
    rocb, other = EntityFactory(region=region), EntityFactory(region=region)
    officer = user_with_role(Role.Kind.ENTITY_OFFICER, region=region, entity=rocb)
    ours = services.action_add(
        decision=decision, by=cast.sam, text_en="Ours", entity=rocb, due_on=D(2030, 1, 1)
    )
    theirs = services.action_add(
        decision=decision, by=cast.sam, text_en="Theirs", entity=other, due_on=D(2030, 1, 1)
    )
    mine = services.action_add(decision=decision, by=cast.sam, text_en="Mine", due_on=D(2030, 1, 1))
    services.action_report(action=ours, by=officer, status="in_progress")
    for action in (theirs, mine):
        with pytest.raises(PermissionDenied):
            services.action_report(action=action, by=officer, status="done")
    with pytest.raises(PermissionDenied):  # the secretariat's own: not a Member's to report
        services.action_report(action=mine, by=cast.alice, status="done")


def edit(action, by, version, text_en, member=None):
    return services.action_update(
        action=action,
        by=by,
        expected_version=version,
        text_en=text_en,
        text_fr="",
        member=member,
        entity=None,
        due_on=D(2030, 4, 1),
    )


def test_the_secretariat_edits_an_action_with_a_conflict_check(action, cast, other_member):
    edit(action, cast.sam, 1, "Send the CV", member=other_member)
    action.refresh_from_db()
    assert (action.text_en, action.member, action.version) == ("Send the CV", other_member, 2)
    entry = AuditEntry.objects.get(action="updated")
    assert entry.changes["text_en"] == ["Send the nominee's CV to the WCO", "Send the CV"]
    with pytest.raises(StaleEdit):
        edit(action, cast.sam, 1, "Late edit")
    with pytest.raises(PermissionDenied):
        edit(action, cast.alice, 2, "x")
    action.refresh_from_db()
    assert action.text_en == "Send the CV"


def test_the_secretariat_deletes_an_action_audited(action, cast):
    with pytest.raises(PermissionDenied):
        services.action_delete(action=action, by=cast.alice)
    services.action_delete(action=action, by=cast.sam)
    assert not Action.objects.exists()
    entry = AuditEntry.objects.get(action="follow-up action deleted")
    assert entry.note == "Send the nominee's CV to the WCO" and entry.actor == cast.sam


# --- pages -----------------------------------------------------------------------------------


def page(decision):
    return reverse("decisions:decision-detail", args=[decision.region.slug, decision.pk])


def action_url(name, action):
    return reverse(
        f"decisions:action-{name}",
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
    assert ("Report progress" in text) is may_mark
    assert (action_url("edit", action) in text) is sees_form


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


@pytest.mark.parametrize(
    "who, status, done",
    [("charlie", 403, False), ("dana", 403, False), ("alice", 302, True), ("sam", 302, True)],
)
def test_reporting_on_the_page(client, cast, action, who, status, done):
    client.force_login(getattr(cast, who))
    response = client.post(action_url("report", action), {"status": "done", "note": "Sent."})
    assert response.status_code == status
    action.refresh_from_db()
    assert (action.status == Action.Status.DONE) is done


def test_reporting_anonymously_is_sent_to_sign_in(client, action):
    response = client.post(action_url("report", action), {"status": "done"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


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
    services.action_report(action=action, by=cast.alice, status="in_progress")
    text = client.get(url).text
    assert "Send the nominee" in text and "in progress" in text
    services.action_report(action=action, by=cast.alice, status="done")
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


@pytest.mark.parametrize(
    "who, status", [("sam", 200), ("alice", 403), ("charlie", 403), ("dana", 403), (None, 302)]
)
def test_who_may_open_the_edit_and_delete_pages(client, cast, action, who, status):
    if who:
        client.force_login(getattr(cast, who))
    for name in ("edit", "delete"):
        assert client.get(action_url(name, action)).status_code == status
    client.post(action_url("delete", action))
    assert Action.objects.filter(pk=action.pk).exists() is (who != "sam")


def test_editing_on_the_page_shows_a_conflict(client, cast, action, other_member):
    client.force_login(cast.sam)
    url = action_url("edit", action)
    page = client.get(url)
    assert page.status_code == 200 and 'name="version" value="1"' in page.text
    form = {
        "text_en": "Send the CV",
        "text_fr": "",
        "member": other_member.pk,
        "entity": "",
        "due_on": "2030-04-01",
        "version": 1,
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "text_en": "My late version"})
    assert stale.status_code == 409
    assert "Someone else saved this after you opened it" in stale.text
    assert "My late version" in stale.text
    action.refresh_from_db()
    assert action.text_en == "Send the CV"


def test_deleting_asks_first(client, cast, action):
    client.force_login(cast.sam)
    page = client.get(action_url("delete", action))
    assert "The history keeps a record" in page.text
    assert Action.objects.filter(pk=action.pk).exists()
    response = client.post(action_url("delete", action))
    assert response.status_code == 302 and not Action.objects.exists()


def test_an_overdue_action_is_marked_on_the_decision_page(client, cast, decision):
    services.action_add(decision=decision, by=cast.sam, text_en="Late", due_on=D(2020, 1, 1))
    assert "overdue" in client.get(page(decision)).text
