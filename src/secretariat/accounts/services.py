"""Every write to accounts: invitations, activation, preferences and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue

from .models import AccessToken, CalendarFeed, Invitation, User


@transaction.atomic
def person_invite(*, person, by, language="en") -> Invitation:
    """Mail `person` a link to activate their account; earlier open links stop working."""
    if not person.email:
        raise ValidationError(_("This person has no email address to invite."))
    if not person.is_active:
        raise ValidationError(_("This person has left; reactivate them before inviting."))
    if person.user is None:
        taken = User.objects.filter(email__iexact=person.email).first()
        if taken is not None:
            raise ValidationError(_("Another person already signs in with this email."))
        person.user = User.objects.create_user(email=person.email, language=language)
        person.user.set_unusable_password()
        person.user.save()
        person.save(update_fields=["user"])
    person.invitations.filter(accepted_at__isnull=True).update(expires_at=timezone.now())
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        digest=Invitation.digest_of(key),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("accounts:invitation-accept", args=[key])
    mail_queue(
        to=person.email,
        template="accounts/mail/invitation.txt",
        language=person.user.language,
        context={
            "person": person,
            "link": link,
            "region": person.region,
            "days": settings.INVITATION_DAYS,
        },
        scope=person.region.slug,
    )
    audit.record(by=by, action=gettext_noop("invited"), obj=person)
    return invitation


def invitation_for_key(key: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("person__user", "person__region")
        .filter(digest=Invitation.digest_of(key))
        .first()
    )
    return invitation if invitation and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, invitation, password) -> User:
    user = invitation.person.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(by=user, action=gettext_noop("account activated"), obj=invitation.person)
    return user


def user_preferences_update(*, user, language, time_zone) -> User:
    user.language, user.time_zone = language, time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "time_zone"])
    return user


def token_issue(*, user, name) -> tuple[AccessToken, str]:
    """Return the token and its secret, which is shown once and never stored."""
    if not name.strip():
        raise ValidationError(_("Give the token a name so you can recognise it later."))
    return AccessToken.issue(user=user, name=name.strip())


def token_revoke(*, token, by) -> AccessToken:
    if token.user_id != by.pk:
        raise ValidationError(_("You can revoke only your own tokens."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def calendar_feed_issue(*, user) -> tuple[CalendarFeed, str]:
    """A new secret feed address for `user`; earlier addresses stop working."""
    user.calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.issue(user=user)


def calendar_feed_revoke(*, feed, by) -> CalendarFeed:
    if feed.user_id != by.pk:
        raise ValidationError(_("You can revoke only your own calendar feed."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


def calendar_feed_read(secret) -> CalendarFeed | None:
    """The live feed with this secret, its use recorded (at most hourly); None if revoked."""
    feed = CalendarFeed.find(secret)
    if feed is not None:
        now = timezone.now()
        if feed.last_used_at is None or now - feed.last_used_at >= timedelta(hours=1):
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
            feed.last_used_at = now
    return feed
