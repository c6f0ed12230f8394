"""Calls for nominations to the foundation's posts, the nominations, and eligibility rules.

Terms are the regions app's Holdings: an appointment here starts one through
`holding_start`, never a record of its own.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from secretariat.core.markdown import render
from secretariat.core.models import Versioned


class EligibilityRule(models.Model):
    """A condition a nominee must meet for a post: data the secretariat configures."""

    class Kind(models.TextChoices):
        CURRENT_MEMBER = "current_member", _("a current Member of the region")
        MAX_CONSECUTIVE_TERMS = "max_consecutive", _("at most N consecutive terms")

    post = models.ForeignKey(
        "regions.Post", on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("N"), null=True, blank=True, help_text=_("For 'at most N consecutive terms'.")
    )

    class Meta:
        ordering = ["post", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["post", "kind"], name="one_rule_of_a_kind_per_post")
        ]
        verbose_name = _("eligibility rule")

    def __str__(self):
        if self.kind == self.Kind.MAX_CONSECUTIVE_TERMS:
            return f"{self.post}: {self.number} consecutive terms at most"
        return f"{self.post}: {self.get_kind_display()}"


class Call(Versioned):
    """A call for nominations to a post, for one term, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("open for nominations")
        SLATE = "slate", _("slate before the region")
        DECIDED = "decided", _("decided")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(
        "regions.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="calls"
    )
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    deadline = models.DateTimeField(_("nominations close on"))
    subject_to_confirmation = models.BooleanField(
        _("subject to confirmation"),
        default=False,
        help_text=_("Another body (e.g. the WCO Council) confirms the appointment."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    proposal = models.OneToOneField(
        "decisions.Proposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call",
        help_text=_("The slate put to the meeting or written procedure."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-term_starts_on", "-pk"]
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")

    def __str__(self):
        return f"{self.post} {self.term_starts_on.year}"

    def get_absolute_url(self):
        return reverse("nominations:call-detail", args=[self.region.slug, self.pk])


class Nomination(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ELIGIBLE = "eligible", _("eligible")
        INELIGIBLE = "ineligible", _("not eligible")
        WITHDRAWN = "withdrawn", _("withdrawn")
        APPOINTED = "appointed", _("appointed")
        NOT_APPOINTED = "not_appointed", _("not appointed")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="nominations")
    proposed_by = models.ForeignKey(
        "regions.Member", verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "regions.Member",
        verbose_name=_("nominee (Member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    person = models.ForeignKey(
        "regions.Person",
        verbose_name=_("nominee (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    statement = models.TextField(_("statement"), help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.PROPOSED
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    votes = models.PositiveSmallIntegerField(_("votes received"), null=True, blank=True)
    holding = models.OneToOneField(
        "regions.Holding", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed on"))

    class Meta:
        ordering = ["call", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, person__isnull=True)
                | models.Q(member__isnull=True, person__isnull=False),
                name="nomination_of_a_member_or_a_person",
            ),
            models.UniqueConstraint(fields=["call", "member"], name="unique_member_nominee"),
            models.UniqueConstraint(fields=["call", "person"], name="unique_person_nominee"),
        ]
        verbose_name = _("nomination")

    def __str__(self):
        return f"{self.nominee} ({self.call})"

    @property
    def nominee(self):
        return self.member or self.person

    @property
    def statement_html(self):
        return render(self.statement)
