"""The Regional Strategic Plan: focus areas, objectives, activities, indicators, progress.

A plan runs over reporting periods; each indicator has a target per period, and
coordinators report a value per period. An update counts only once the secretariat has
approved it; a closed period takes no more changes. Status arithmetic is in `status`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned

from .status import DOWN, UP, Rule


class Coordinated(models.Model):
    """Coordinated by a Member or a regional entity (or nobody yet)."""

    coordinator_member = models.ForeignKey(
        "regions.Member",
        verbose_name=_("coordinating Member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinator_entity = models.ForeignKey(
        "regions.Entity",
        verbose_name=_("coordinating entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def coordinator(self):
        return self.coordinator_member or self.coordinator_entity


class Plan(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ENDORSED = "endorsed", _("Endorsed")
        CLOSED = "closed", _("Closed")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("The region's Members")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(_("short address"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    endorsement = models.CharField(
        _("endorsed by"),
        max_length=300,
        blank=True,
        help_text=_("The decision that endorsed the plan, as the summary record cites it."),
    )
    # The platform's own record of that decision, when it was taken here; the text above
    # remains for decisions older than the platform.
    endorsing_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("endorsing decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dashboard_audience = models.CharField(
        _("dashboard shown to"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    on_track_margin = models.PositiveSmallIntegerField(
        _("on track within (%)"), default=15, validators=[MaxValueValidator(100)]
    )
    at_risk_margin = models.PositiveSmallIntegerField(
        _("at risk within (%)"), default=30, validators=[MaxValueValidator(100)]
    )

    title = Localized()
    summary = Localized()

    class Meta:
        ordering = ["region", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["region", "slug"], name="unique_plan_slug")]
        verbose_name = _("strategic plan")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.region.slug, self.slug])

    @property
    def rule(self) -> Rule:
        return Rule(on_track=self.on_track_margin / 100, at_risk=self.at_risk_margin / 100)


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("label"), max_length=40, help_text=_("For example 2020–21."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["plan", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="unique_period_label")
        ]
        verbose_name = _("reporting period")

    def __str__(self):
        return self.label


class FocusArea(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focus_areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)

    title = Localized()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_focus_area_number")
        ]
        verbose_name = _("focus area")

    def __str__(self):
        return f"{self.number}. {self.title_en}"


class Objective(Coordinated, Versioned):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(_("number"), max_length=10, help_text=_("For example 1.2."))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    order = models.PositiveSmallIntegerField(default=0)

    title = Localized()

    class Meta:
        ordering = ["focus_area", "order", "number"]
        verbose_name = _("objective")

    def __str__(self):
        return f"{self.number} {self.title_en}"


class Activity(Coordinated, Versioned):
    """An activity or milestone of an objective."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_milestone = models.BooleanField(_("milestone"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    order = models.PositiveSmallIntegerField(default=0)

    title = Localized()

    class Meta:
        ordering = ["objective", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title_en


class Indicator(Coordinated, Versioned):
    class Direction(models.TextChoices):
        UP = UP, _("Higher is better")
        DOWN = DOWN, _("Lower is better")

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=12, help_text=_("For example 1.2.a."))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, Members, days."))
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_on = models.DateField(_("baseline date"))
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    measured_by_en = models.TextField(_("how it is measured (English)"), blank=True)
    measured_by_fr = models.TextField(_("how it is measured (French)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    title = Localized()
    measured_by = Localized()

    class Meta:
        ordering = ["objective", "order", "code"]
        verbose_name = _("indicator")

    def __str__(self):
        return f"{self.code} {self.title_en}"

    def get_absolute_url(self):
        plan = self.objective.focus_area.plan
        return reverse("plans:indicator-detail", args=[plan.region.slug, plan.slug, self.pk])


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_target")
        ]
        verbose_name = _("target")

    def __str__(self):
        return f"{self.indicator.code} {self.period.label}: {self.value}"


class ProgressUpdate(models.Model):
    """A coordinator's value for an indicator in a period; it counts once approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "period__starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_progress_update")
        ]
        verbose_name = _("progress update")

    def __str__(self):
        return f"{self.indicator.code} {self.period.label}: {self.value}"

    def get_absolute_url(self):
        plan = self.period.plan
        return reverse("plans:update-detail", args=[plan.region.slug, plan.slug, self.pk])


class Evidence(models.Model):
    """A file supporting a progress update; its own audience decides who may download it."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("The region's Members")
        SECRETARIAT = "secretariat", _("Secretariat and the reporter")

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/", max_length=200)
    original_name = models.CharField(_("uploaded as"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    audience = models.CharField(
        _("who may download it"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["update", "uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


class Survey(Versioned):
    """The implementation questionnaire: Members answer between its opening and closing."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("strategic plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    title = Localized()

    class Meta:
        ordering = ["region", "-opens_at"]
        verbose_name = _("implementation survey")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("plans:survey-detail", args=[self.region.slug, self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        started = self.opens_at is not None and self.opens_at <= now
        return started and (self.closes_at is None or now < self.closes_at)

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())


class Question(Versioned):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        SCALE = "scale", _("Scale")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("One choice")
        TEXT = "text", _("Text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    options = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice question: one per line.")
    )
    scale_max = models.PositiveSmallIntegerField(_("scale from 1 to"), default=5)
    required = models.BooleanField(_("required"), default=False)

    text = Localized()

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")

    def __str__(self):
        return self.text_en

    @property
    def option_list(self):
        return [o.strip() for o in self.options.splitlines() if o.strip()]


class Response(models.Model):
    """One Member's answers to a survey, editable until it closes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey("regions.Member", on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="one_response_per_member")
        ]
        verbose_name = _("survey response")

    def __str__(self):
        return f"{self.survey} · {self.member}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return self.value


class ImportRun(models.Model):
    """A spreadsheet import handed to the task queue; its page shows how far it has got.

    The file is kept only until the run ends: the rows are then in the plan, or refused.
    """

    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Indicators")
        PROGRESS = "progress", _("Progress updates")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Saved")
        REFUSED = "refused", _("Refused")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10, default="en")  # of the problems it reports
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    rows_total = models.PositiveIntegerField(null=True)
    rows_checked = models.PositiveIntegerField(default=0)
    saved = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [[line or null, message], ...]
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"

    def get_absolute_url(self):
        return reverse("plans:import-run", args=[self.plan.region.slug, self.plan.slug, self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.CHECKING, self.Status.SAVING)
