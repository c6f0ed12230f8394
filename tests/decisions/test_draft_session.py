"""A decision of a meeting whose session is a draft is the secretariat's alone (issue 18)."""

import pytest
from django.urls import reverse

from secretariat.decisions import services
from secretariat.meetings import services as meetings
from secretariat.meetings.models import Session
from secretariat.search.index import reindex


@pytest.mark.django_db
def test_a_draft_sessions_decision_is_out_of_the_register_and_search(client, cast, meeting, tabled):
    services.proposal_decide(proposal=tabled, by=cast.sam, outcome="endorsed")
    Session.objects.filter(pk=meeting.session_id).update(published_at=None)
    reindex()
    register = reverse("decisions:register", args=["ap"])
    search = reverse("search:search", args=["ap"])
    assert "Regional representatives" not in client.get(register).text
    assert "Regional representatives" not in client.get(search, {"q": "representatives"}).text
    client.force_login(cast.alice)
    assert "Regional representatives" not in client.get(register).text
    client.force_login(cast.sam)
    assert "Regional representatives" in client.get(register).text

    meeting.session.refresh_from_db()
    meetings.session_publish(session=meeting.session, by=cast.sam)
    client.logout()
    assert "Regional representatives" in client.get(register).text
    assert "Regional representatives" in client.get(search, {"q": "representatives"}).text
