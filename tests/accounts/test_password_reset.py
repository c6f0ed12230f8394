import email
import re

import pytest

from secretariat.core.models import OutboxMessage


def body_of(envelope) -> str:
    message = email.message_from_bytes(envelope.content)
    return message.get_payload(decode=True).decode()


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_goes_through_the_outbox_to_smtp(client, cast, smtp):
    response = client.post("/accounts/password/reset/", {"email": cast.alice.email})
    assert response.status_code == 302
    message = OutboxMessage.objects.get(to=cast.alice.email)
    assert message.status == OutboxMessage.Status.SENT
    assert len(smtp) == 1
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body_of(smtp[0]))[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new = "a-new-long-passphrase"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.check_password(new)


@pytest.mark.django_db(transaction=True)
def test_a_reset_by_email_revokes_api_tokens_and_calendar_feeds(client, cast, smtp):
    """Whoever reset the password could read the mailbox: what opened the account without a
    password stops working (issue 14, item 3)."""
    from django.test import Client
    from django.urls import reverse

    from secretariat.accounts.models import AccessToken, CalendarFeed

    _token, token = AccessToken.issue(user=cast.alice, name="statistics")
    _feed, feed = CalendarFeed.issue(user=cast.alice)
    api, ics = Client(), reverse("meetings:calendar-feed", args=[feed])
    members = "/api/regions/ap/members"
    assert api.get(members, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert api.get(ics).status_code == 200

    page = client.get("/accounts/password/reset/")
    client.post("/accounts/password/reset/", {"email": cast.alice.email})
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body_of(smtp[0]))[1]
    form = client.get(path, follow=True)
    new = "a-new-long-passphrase"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    cast.alice.refresh_from_db()
    assert cast.alice.check_password(new)

    assert api.get(members, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert api.get(ics).status_code == 404
    # Both pages of the reset say so.
    for response in (page, form):
        assert "also revokes your API access tokens and your calendar address" in response.text
