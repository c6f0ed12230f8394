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
