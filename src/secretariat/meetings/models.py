"""Meeting series, numbered meetings, the sessions they are held in, and their agendas.

A Meeting is one numbered instance of a series (the 21st RHCAC). A Session is a sitting:
where and when, in which mode. Usually one meeting has one session; a joint session
serves several meetings, each keeping its number, status and history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility

from .ordinals import ordinal, roman


class Series(Versioned):
    class Numbering(models.TextChoices):
        ROMAN = "roman", _("I, II, III")
        ARABIC = "arabic", _("1, 2, 3")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="series")
    slug = models.SlugField(_("short address"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    reference = models.CharField(
        _("short reference"), max_length=20, help_text=_("As in document references: RHCAC.")
    )
    agenda_numbering = models.CharField(
        _("agenda numbering"), max_length=10, choices=Numbering.choices, default=Numbering.ARABIC
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Where the series comes in a joint session's title.")
    )
    usual_month = models.PositiveSmallIntegerField(
        _("usual month"),
        null=True,
        blank=True,
        choices=[(n, n) for n in range(1, 13)],
        help_text=_("The month the series usually meets in, if it has one."),
    )

    name = Localized()

    class Meta:
        ordering = ["region", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_series_slug"),
            models.UniqueConstraint(fields=["region", "reference"], name="unique_series_ref"),
        ]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.name_en


class Session(Versioned):
    """A sitting: when, where and how one or several meetings are held."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        VIRTUAL = "virtual", _("virtual")
        HYBRID = "hybrid", _("hybrid")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="sessions")
    extraordinary = models.BooleanField(_("extraordinary"), default=False)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host = models.ForeignKey(
        "regions.Member",
        verbose_name=_("host Member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_sessions",
    )
    video_platform = models.CharField(_("video platform"), max_length=100, blank=True)
    join_link = models.URLField(_("join link"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    agenda_adopted_at = models.DateTimeField(
        _("agenda adopted on"),
        null=True,
        blank=True,
        help_text=_("Once adopted, the agenda is locked; later changes are recorded."),
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("The ICS SEQUENCE: one more at each change of dates, place or status."),
    )
    published_at = models.DateTimeField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Empty while the session is a draft, seen by the secretariat only."),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text=_("Set when the meetings of this session moved to a joint session."),
    )

    description = Localized()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=False, ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]
        verbose_name = pgettext_lazy("a sitting", "session")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("meetings:session-detail", args=[self.region.slug, self.pk])

    @property
    def is_draft(self):
        return self.published_at is None

    @property
    def is_joint(self):
        return len(self.meetings.all()) > 1

    def _title(self, language):
        from django.utils import translation

        with translation.override(language):
            meetings = [m.full_title for m in self.meetings.all()]
            if len(meetings) < 2:
                return meetings[0] if meetings else str(_("Session"))
            return str(_("Joint Session of the %(meetings)s and %(last)s")) % {
                "meetings": ", ".join(meetings[:-1]),
                "last": meetings[-1],
            }

    @property
    def title_en(self):
        return self._title("en")

    @property
    def title(self):
        from django.utils.translation import get_language

        return self._title(get_language() or "en")


class Meeting(Versioned):
    """One numbered meeting of a series: the 21st RHCAC, the 30th RCP."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONVENED = "convened", _("convened")
        POSTPONED = "postponed", _("postponed")
        HELD = "held", _("held")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="meetings")
    title_en = models.CharField(
        _("own title (English)"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the series' name with the number."),
    )
    title_fr = models.CharField(_("own title (French)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    class Meta:
        ordering = ["series", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="unique_meeting_number")
        ]
        verbose_name = _("meeting")

    def __str__(self):
        from django.utils import translation

        with translation.override("en"):
            return self.full_title

    @property
    def reference(self):
        """RHCAC21, the stem of document and decision references."""
        return f"{self.series.reference}{self.number}"

    @property
    def full_title(self):
        """The meeting's own title, or "21st Regional Heads of ..." in the active language."""
        own = Localized.pick(self, "title")
        return own or f"{ordinal(self.number)} {self.series.name}"


class Postponement(models.Model):
    """A postponement, kept for the meeting's history: from when, to when (or to be decided)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="postponements")
    was_starts_at = models.DateTimeField(_("was planned for"), null=True, blank=True)
    now_starts_at = models.DateTimeField(_("now planned for"), null=True, blank=True)
    reason_en = models.TextField(_("reason (English)"))
    reason_fr = models.TextField(_("reason (French)"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)

    reason = Localized()

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("postponement")

    def __str__(self):
        return f"{self.meeting}: {self.was_starts_at} → {self.now_starts_at or 'TBD'}"


class AgendaItem(Versioned):
    """A numbered item (or sub-item) of a session's agenda, possibly of one meeting's part."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("opening")
        ADDRESS = "address", _("address")
        ADOPTION = "adoption", _("adoption of the agenda")
        REPORT = "report", _("report")
        ENDORSEMENT = "endorsement", _("for endorsement")
        DECISION = "decision", _("for decision")
        INFORMATION = "information", _("for information")
        DISCUSSION = "discussion", _("discussion")
        TOUR_DE_TABLE = "tour_de_table", _("tour de table")
        OTHER_BUSINESS = "other_business", _("other business")
        CLOSING = "closing", _("closing")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        help_text=_("In a joint session, the meeting this item serves."),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    presenter_member = models.ForeignKey(
        "regions.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presenter_entity = models.ForeignKey(
        "regions.Entity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presenter_person = models.ForeignKey(
        "regions.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    title = Localized()

    class Meta:
        ordering = ["session", "parent_id", "position"]
        verbose_name = _("agenda item")

    def __str__(self):
        return self.title_en

    @property
    def presenter(self):
        return self.presenter_person or self.presenter_member or self.presenter_entity

    def clean(self):
        presenters = [self.presenter_person_id, self.presenter_member_id, self.presenter_entity_id]
        if sum(p is not None for p in presenters) > 1:
            raise ValidationError(_("Name one presenter: a person, a Member or an entity."))

    def number_in(self, numbering):
        return roman(self.position) if numbering == Series.Numbering.ROMAN else str(self.position)


class AgendaAmendment(models.Model):
    """A change to an agenda after its adoption: who, when, what, and why.

    Kept apart from the audit trail, which records every change, because amendments are
    shown to the session's readers under the agenda.
    """

    class Action(models.TextChoices):
        ADDED = "added", _("item added")
        EDITED = "edited", _("item edited")
        MOVED = "moved", _("item moved")
        DELETED = "deleted", _("item deleted")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField(_("amended on"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    # The item's title when it was changed: a deleted item leaves its title here.
    item_title_en = models.CharField(_("item (English)"), max_length=300)
    item_title_fr = models.CharField(_("item (French)"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason_en = models.TextField(_("reason (English)"))
    reason_fr = models.TextField(_("reason (French)"), blank=True)

    item_title = Localized()
    reason = Localized()

    class Meta:
        ordering = ["session", "at", "pk"]
        verbose_name = _("agenda amendment")

    def __str__(self):
        return f"{self.session}: {self.get_action_display()} {self.item_title_en}"

    def change_rows(self):
        """(field label in the viewer's language, old value, new value) for each change."""
        rows = []
        for name, (old, new) in self.changes.items():
            label = AgendaItem._meta.get_field(name).verbose_name
            rows.append((label, old, new))
        return rows


# --- Invitations, delegations, delegates and attendance --------------------------------


class MeetingInvitation(models.Model):
    """A session's invitation to one participant of any kind: a Member, a regional entity, an
    observer organisation, or one invited individual (a minister, an expert)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        ENTITY = "entity", _("regional entity")
        ORGANISATION = "organisation", _("observer organisation")
        PERSON = "person", _("invited individual")

    KINDS = ("member", "entity", "organisation", "person")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "regions.Member",
        verbose_name=_("Member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    entity = models.ForeignKey(
        "regions.Entity",
        verbose_name=_("regional entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("observer organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    person = models.ForeignKey(
        "regions.Person",
        verbose_name=_("invited individual"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    invited_at = models.DateTimeField(_("invited on"), default=timezone.now)

    class Meta:
        ordering = ["session", "organisation_id", "member__short_name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    member__isnull=False,
                    entity__isnull=True,
                    organisation__isnull=True,
                    person__isnull=True,
                )
                | models.Q(
                    member__isnull=True,
                    entity__isnull=False,
                    organisation__isnull=True,
                    person__isnull=True,
                )
                | models.Q(
                    member__isnull=True,
                    entity__isnull=True,
                    organisation__isnull=False,
                    person__isnull=True,
                )
                | models.Q(
                    member__isnull=True,
                    entity__isnull=True,
                    organisation__isnull=True,
                    person__isnull=False,
                ),
                name="invitation_one_invitee",
            ),
            models.UniqueConstraint(fields=["session", "member"], name="unique_invited_member"),
            models.UniqueConstraint(fields=["session", "entity"], name="unique_invited_entity"),
            models.UniqueConstraint(
                fields=["session", "organisation"], name="unique_invited_organisation"
            ),
            models.UniqueConstraint(fields=["session", "person"], name="unique_invited_person"),
        ]
        verbose_name = _("invitation to a session")

    def __str__(self):
        return f"{self.invitee}: {self.session}"

    @property
    def invitee(self):
        return self.member or self.entity or self.organisation or self.person

    @property
    def kind(self) -> str:
        for kind in self.KINDS:
            if getattr(self, f"{kind}_id"):
                return kind
        return ""

    def get_kind_display(self):
        return self.Kind(self.kind).label if self.kind else ""


class Delegation(models.Model):
    """The people an invited Member (or organisation) sends to a session."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("not registered yet")
        SUBMITTED = "submitted", _("registered, awaiting approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for changes")

    invitation = models.OneToOneField(
        MeetingInvitation, on_delete=models.CASCADE, related_name="delegation"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("registered on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")

    def __str__(self):
        return str(self.invitation)


class Delegate(models.Model):
    """One person in a delegation, with their role and whether they attended."""

    class Role(models.TextChoices):
        HEAD = "head", _("head of delegation")
        DELEGATE = "delegate", _("delegate")
        ADVISER = "adviser", _("adviser")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    ROLE_ORDER = {Role.HEAD: 0, Role.DELEGATE: 1, Role.ADVISER: 2}

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(
        "regions.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="delegate_seats",
    )
    role = models.CharField(_("role in the delegation"), max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hide_email = models.BooleanField(
        _("hide my email"),
        default=False,
        help_text=_("The participant list then shows no email for this person."),
    )
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Empty until attendance is marked.")
    )
    mode = models.CharField(
        _("attends"),
        max_length=10,
        choices=Mode.choices,
        blank=True,
        help_text=_("In the room or online: as registered, then as marked."),
    )

    class Meta:
        ordering = ["delegation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="unique_delegate"),
        ]
        verbose_name = _("delegate")

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}"


# --- Presiding officers ------------------------------------------------------------------


class PresidingOfficer(models.Model):
    """Who presides over a session: its chair, or co-chairs, each a person in a capacity.

    Distinct from the host (the Member whose country receives the session) and from the
    organiser (the region's secretariat): usually the Vice-Chair's Head of Customs.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        CO_CHAIR = "co_chair", _("co-chair")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presiding")
    person = models.ForeignKey(
        "regions.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("presides as"), max_length=10, choices=Role.choices)
    capacity_en = models.CharField(
        _("capacity (English)"),
        max_length=200,
        blank=True,
        help_text=_("In what capacity: Vice-Chair of the region, Director General of Customs."),
    )
    capacity_fr = models.CharField(_("capacity (French)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    capacity = Localized()

    class Meta:
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_presiding_person"),
        ]
        verbose_name = _("presiding officer")

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}"


# --- Registration questions ---------------------------------------------------------------


class RegistrationQuestion(models.Model):
    """A question the secretariat asks each registered person of a session (arrival and
    departure, visa letter, dietary needs...). Answers are the secretariat's alone."""

    class Kind(models.TextChoices):
        TEXT = "text", _("free text")
        YES_NO = "yes_no", _("yes or no")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    text = Localized()

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("registration question")

    def __str__(self):
        return self.text_en


class RegistrationAnswer(models.Model):
    """One registered person's answer to one question: seen by the secretariat only."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        RegistrationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    answer = models.CharField(_("answer"), max_length=500, blank=True)

    class Meta:
        ordering = ["delegate", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["delegate", "question"], name="unique_answer"),
        ]
        verbose_name = _("registration answer")

    def __str__(self):
        return f"{self.delegate.person}: {self.question}"
