"""Proposals, the votes on them, and the register of decisions.

A secret ballot leaves no row of its own: `VoteCast` says that a Member has voted (and
is audited), and the ballot only adds one to the `SecretTally` of its choice, so nothing
stored can be lined up with the record of who voted (decision 0016).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.markdown import render
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility

from . import counting


class Matter(Versioned):
    """What a proposal and the decision taken on it share: where it is decided, its text in
    both languages, and who may see it (a decision takes its proposal's)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        help_text=_("Empty for a proposal decided in writing between meetings."),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    series = models.ForeignKey(
        "meetings.Series",
        verbose_name=_("meeting series"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        help_text=_("Whose references the decision takes (RHCAC21/D3)."),
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    text_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    text_fr = models.TextField(_("text (French)"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    shared_with = models.ManyToManyField(
        "regions.Member",
        verbose_name=_("named Members"),
        blank=True,
        related_name="+",
        help_text=_("Who sees it when its visibility is “Named Members”."),
    )

    title = Localized()
    text = Localized()

    class Meta:
        abstract = True

    @property
    def text_html(self):
        return render(self.text)


class Proposal(Matter):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        TABLED = "tabled", _("tabled")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    tabled_by_members = models.ManyToManyField(
        "regions.Member", verbose_name=_("tabled by Members"), blank=True, related_name="+"
    )
    tabled_by_entity = models.ForeignKey(
        "regions.Entity",
        verbose_name=_("tabled by a regional entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tabled_by_secretariat = models.BooleanField(_("tabled by the secretariat"), default=False)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("decisions:proposal-detail", args=[self.region.slug, self.pk])

    @property
    def tablers(self) -> list[str]:
        names = [m.display for m in self.tabled_by_members.all()]
        if self.tabled_by_entity:
            names.append(self.tabled_by_entity.display)
        if self.tabled_by_secretariat:
            names.append(gettext("the secretariat"))
        return names


class Vote(models.Model):
    """One vote on a proposal: at a meeting, in writing, or a silence procedure."""

    class Mode(models.TextChoices):
        MEETING = "meeting", _("vote at the meeting")
        WRITTEN = "written", _("written vote")
        SILENCE = "silence", _("silence procedure")

    class Ballot(models.TextChoices):
        NAMED = "named", _("named")
        SECRET = "secret", _("secret")

    class Majority(models.TextChoices):
        SIMPLE = counting.Majority.SIMPLE, _("simple majority")
        TWO_THIRDS = counting.Majority.TWO_THIRDS, _("two-thirds majority")

    class Base(models.TextChoices):
        CAST = counting.Base.CAST, _("of the votes cast")
        MEMBERS = counting.Base.MEMBERS, _("of the Members")

    class TieRule(models.TextChoices):
        FAILS = counting.TieRule.FAILS, _("a tie is not a majority: not adopted")
        CHAIR = counting.TieRule.CHAIR, _("the chair's casting vote settles a tie")

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="vote")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    ballot = models.CharField(
        _("ballot"), max_length=10, choices=Ballot.choices, default=Ballot.NAMED
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=0, help_text=_("The fewest Members who must take part.")
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    base = models.CharField(_("counted"), max_length=10, choices=Base.choices, default=Base.CAST)
    tie_rule = models.CharField(
        _("tie rule"), max_length=10, choices=TieRule.choices, default=TieRule.FAILS
    )
    electorate = models.ManyToManyField(
        "regions.Member", verbose_name=_("Members entitled to vote"), related_name="+"
    )
    opened_at = models.DateTimeField(_("opened on"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # The published result, filled in when the vote closes.
    yes = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    electorate_size = models.PositiveSmallIntegerField(_("Members entitled"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    tie = models.BooleanField(_("tied"), default=False)
    casting_vote = models.CharField(_("chair's casting vote"), max_length=10, blank=True)
    # An election of nominees: ballots name candidates and are cast and counted on the call.
    election = models.BooleanField(_("election"), default=False)

    class Meta:
        verbose_name = _("vote")

    def __str__(self):
        return f"{self.get_mode_display()}: {self.proposal}"

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def rules(self) -> counting.Rules:
        return counting.Rules(
            quorum=self.quorum,
            majority=counting.Majority(self.majority),
            base=counting.Base(self.base),
            tie_rule=counting.TieRule(self.tie_rule),
        )


class Choice(models.TextChoices):
    YES = counting.Choice.YES, _("yes")
    NO = counting.Choice.NO, _("no")
    ABSTAIN = counting.Choice.ABSTAIN, _("abstain")


class VoteCast(models.Model):
    """That a Member has voted (or, in a silence procedure, objected). One per Member."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="casts")
    member = models.ForeignKey("regions.Member", on_delete=models.PROTECT, related_name="+")
    # Empty for a secret ballot: its choice only adds to a SecretTally, with no link to this row.
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices, blank=True)
    cast_at = models.DateTimeField(_("voted on"))

    class Meta:
        ordering = ["vote", "member__short_name_en"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="one_vote_per_member")
        ]
        verbose_name = _("record of a vote")

    def __str__(self):
        return f"{self.member}: {self.vote}"


class SecretTally(models.Model):
    """How many secret ballots of a vote named one choice: yes, no or abstain, or, in an
    election, one candidate (its nomination's id).

    There is no row per ballot. The tallies of a vote are made when it opens, and every
    ballot rewrites all of them alike (decision 0016): no key, time, row order, transaction
    id or place on disk tells which choice any one cast added to.
    """

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="secret_tallies")
    choice = models.CharField(max_length=20)
    ballots = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "choice"], name="one_tally_per_choice")
        ]

    def __str__(self):
        return str(self.vote)  # never the count: a tally is only read when the vote closes


class Decision(Matter):
    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("by consensus")
        UNANIMOUS = "unanimous", _("unanimously")
        VOTE = "vote", _("by vote")
        WRITTEN_VOTE = "written_vote", _("by written vote")
        SILENCE = "silence", _("by silence procedure")

    class Outcome(models.TextChoices):
        ENDORSED = "endorsed", _("endorsed")
        ADOPTED = "adopted", _("adopted")
        NOTED = "noted", _("noted")
        DEFERRED = "deferred", _("deferred")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    number = models.PositiveSmallIntegerField(_("number"))
    reference = models.CharField(_("reference"), max_length=40)
    decided_on = models.DateField(_("decided on"))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["-decided_on", "series__order", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "reference"], name="unique_decision_ref"),
        ]
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.reference} {self.title_en}"

    def get_absolute_url(self):
        return reverse("decisions:decision-detail", args=[self.region.slug, self.pk])

    @property
    def result(self) -> str:
        """The published count, in the viewer's language ("" when decided without a vote)."""
        vote = getattr(self.proposal, "vote", None)
        if vote is None or vote.closed_at is None:
            return ""
        if vote.election:
            text = _("%(n)d ballots, of %(m)d Members entitled; seats filled in order of votes") % {
                "n": vote.yes,
                "m": vote.electorate_size,
            }
            if vote.tie:
                text += "; " + gettext("a tie at the last seat went to the earliest nominated")
            return str(text)
        if vote.mode == Vote.Mode.SILENCE:
            return ngettext("%(n)d objection", "%(n)d objections", vote.no) % {"n": vote.no}
        text = ngettext(
            "%(yes)d yes, %(no)d no, %(abstain)d abstention, of %(n)d Members entitled",
            "%(yes)d yes, %(no)d no, %(abstain)d abstentions, of %(n)d Members entitled",
            vote.abstain,
        ) % {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "n": vote.electorate_size}
        if vote.quorum_met is False:
            text += "; " + gettext("no quorum")
        elif vote.tie:
            text += "; " + (
                gettext("tie settled by the chair's casting vote")
                if vote.casting_vote
                else gettext("a tie is not a majority")
            )
        return str(text)


class Action(Versioned):
    """A follow-up action a decision creates: an owner, a due date, open until reported done."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    PENDING = (Status.OPEN, Status.IN_PROGRESS)

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="actions")
    text_en = models.CharField(_("action (English)"), max_length=500)
    text_fr = models.CharField(_("action (French)"), max_length=500, blank=True)
    # The owner: a Member, an entity, or (neither) the secretariat.
    member = models.ForeignKey(
        "regions.Member",
        verbose_name=_("owner (Member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entity = models.ForeignKey(
        "regions.Entity",
        verbose_name=_("owner (entity)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=11, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("progress note"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    text = Localized()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=True) | models.Q(entity__isnull=True),
                name="action_has_one_owner",
            )
        ]
        verbose_name = _("follow-up action")

    def __str__(self):
        return self.text_en

    @property
    def owner(self) -> str:
        if self.member_id:
            return self.member.display
        if self.entity_id:
            return str(self.entity.name)
        return str(_("the secretariat"))


class Attachment(models.Model):
    """A file attached to a proposal, checked by its content when uploaded."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="proposals/", max_length=200)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=10)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "decisions:attachment-download",
            args=[self.proposal.region.slug, self.proposal_id, self.pk],
        )
