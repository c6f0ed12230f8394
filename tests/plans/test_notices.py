"""The secretariat's to-do for submitted updates; the reporter's mail when one is returned."""

import email
import email.policy

from django.urls import reverse

from secretariat.core.models import OutboxMessage
from secretariat.plans import services

HOME = "accounts:home"


def _submit(indicator, period, cast, value=45):
    return services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=value, submit=True
    )


def test_submitted_updates_are_a_todo_on_the_secretariats_home_page(
    client, plan, indicator, period, cast
):
    update = _submit(indicator, period, cast)
    client.force_login(cast.sam)
    home = client.get(reverse(HOME)).text
    assert "Decide on 1 progress update: Regional Strategic Plan 2020–2022" in home
    assert reverse("plans:review-queue", args=[plan.region.slug, plan.slug]) in home
    for who in (cast.alice, cast.charlie, cast.dana):  # reporters and other Members: no to-do
        client.force_login(who)
        assert "Decide on" not in client.get(reverse(HOME)).text
    services.progress_approve(update=update, by=cast.sam)
    client.force_login(cast.sam)
    assert "Decide on" not in client.get(reverse(HOME)).text


def test_the_todo_counts_the_updates_waiting(client, plan, indicator, period, cast):
    second = indicator.objective.focus_area.plan.periods.exclude(pk=period.pk).get()
    _submit(indicator, period, cast)
    _submit(indicator, second, cast)
    client.force_login(cast.sam)
    assert "Decide on 2 progress updates" in client.get(reverse(HOME)).text


def test_a_returned_update_mails_its_reporter_in_their_language(
    smtp, plan, indicator, period, cast, django_capture_on_commit_callbacks
):
    cast.alice.language = "fr"
    cast.alice.save()
    update = _submit(indicator, period, cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_return(update=update, by=cast.sam, comment="Give the source, please.")
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    (envelope,) = smtp
    assert envelope.rcpt_tos == ["alice@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Votre rapport sur I1 (2020–21) a été renvoyé"
    body = message.get_content()
    assert "Votre valeur et votre récit sont conservés" in body
    assert "Give the source, please." in body
    assert f"/ap/plans/rsp-2020-2022/updates/{update.pk}/" in body


def test_an_approved_update_sends_no_mail(plan, indicator, period, cast):
    update = _submit(indicator, period, cast)
    services.progress_approve(update=update, by=cast.sam)
    assert not OutboxMessage.objects.exists()
