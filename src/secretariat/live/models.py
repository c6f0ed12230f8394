"""What a sitting looks like while it runs: the chair's state, the list of speakers, the
outcome of each item, roll calls, and the append-only events every open view receives.

The state lives in the database (a restart loses nothing); each change appends a LiveEvent
whose id is the Server-Sent Events id, so a client that reconnects catches up.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveState(models.Model):
    """One per session: the current item, the list of speakers' state and the timer.

    Every live write locks this row first, so the writes of one session (and the ids of
    their events) follow each other in commit order.
    """

    session = models.OneToOneField(
        "meetings.Session", on_delete=models.CASCADE, related_name="live_state"
    )
    current_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    list_open = models.BooleanField(_("list of speakers open"), default=False)
    speaking_seconds = models.PositiveSmallIntegerField(_("speaking time (seconds)"), default=180)
    warning_seconds = models.PositiveSmallIntegerField(_("warning time (seconds)"), default=30)
    # The timer: time already spoken before the last start, and since when it runs.
    timer_limit = models.PositiveIntegerField(default=180)
    timer_elapsed = models.FloatField(default=0)
    timer_running_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live state")

    def __str__(self):
        return f"Live state of {self.session}"


class SpeakerRequest(models.Model):
    """A delegation's request for the floor on one item; never deleted, only moved on."""

    class Kind(models.TextChoices):
        FLOOR = "floor", _("request for the floor")
        POINT_OF_ORDER = "point_of_order", _("point of order")
        TOUR = "tour", _("tour de table")

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SPEAKING = "speaking", _("speaking")
        DONE = "done", _("spoke")
        WITHDRAWN = "withdrawn", _("withdrawn")
        NOT_HEARD = "not_heard", _("not heard: the item closed")

    ACTIVE = (Status.WAITING, Status.SPEAKING)

    session = models.ForeignKey(
        "meetings.Session", on_delete=models.CASCADE, related_name="speaker_requests"
    )
    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE, related_name="+")
    delegation = models.ForeignKey(
        "meetings.Delegation", on_delete=models.CASCADE, related_name="speaker_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FLOOR)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # 0 for a point of order (it goes to the top), 1 otherwise; then first come, first served.
    priority = models.PositiveSmallIntegerField(default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "pk"]
        constraints = [
            # One request per delegation at a time: a double click cannot make two.
            models.UniqueConstraint(
                fields=["item", "delegation"],
                condition=models.Q(status__in=["waiting", "speaking"]),
                name="one_active_request_per_delegation",
            )
        ]
        verbose_name = _("request for the floor")

    def __str__(self):
        return f"{self.delegation} on {self.item}: {self.status}"


class ItemRecord(models.Model):
    """The chair's private live notes on an item and, once closed, its short outcome."""

    item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="live_record"
    )
    notes = models.TextField(_("live notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("item record")

    def __str__(self):
        return f"Record of {self.item}"


class RollCall(models.Model):
    """A roll call by Member; closing it writes the session's attendance."""

    session = models.ForeignKey(
        "meetings.Session", on_delete=models.CASCADE, related_name="roll_calls"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("roll call")

    def __str__(self):
        return f"Roll call of {self.session} at {self.started_at}"


class RollCallAnswer(models.Model):
    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="answers")
    delegation = models.ForeignKey(
        "meetings.Delegation", on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roll_call", "delegation"], name="one_answer_each")
        ]

    def __str__(self):
        return f"{self.delegation}: {'present' if self.present else 'absent'}"


class LiveEvent(models.Model):
    """One change of a session's live state, as each audience receives it; append-only.

    `payloads` holds the state rendered once per audience (chair, delegate, screen,
    public): a stream sends the one its viewer may see, never rendering it again.
    """

    session = models.ForeignKey(
        "meetings.Session", on_delete=models.CASCADE, related_name="live_events"
    )
    kind = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    payloads = models.JSONField()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["session", "id"], name="live_event_session_id")]

    def __str__(self):
        return f"{self.pk} {self.kind}"
