"""What the home page asks of people about their account and the people they invited."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.registry import Todo, todo_source

from .models import Invitation


@todo_source
def choose_time_zone(user):
    if user.time_zone != "UTC":
        return []
    return [
        Todo(
            _("Choose your time zone, so meeting times show in your own"),
            reverse("accounts:preferences"),
        )
    ]


@todo_source
def unanswered_invitations(user):
    """For the secretariat: people invited over a week ago who have not activated."""
    if not user.has_perm("regions.act_as_secretariat"):
        return []
    stale = Invitation.objects.filter(
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
        created_at__lt=timezone.now() - timedelta(days=7),
    ).select_related("person__region")
    return [
        Todo(
            _("%(name)s has not yet accepted the invitation") % {"name": inv.person},
            reverse("regions:person-detail", args=[inv.person.region.slug, inv.person.pk]),
            due=inv.expires_at,
        )
        for inv in stale
        if user.has_perm("regions.manage_region", inv.person.region)
    ]
