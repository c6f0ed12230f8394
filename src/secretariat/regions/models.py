"""A region, its Members, entities, other organisations, people, roles, posts and holdings."""

import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility


@functools.cache
def _directory_url(region_slug):
    # The directory lists dozens of Members: one reverse() per region, not one per link.
    return reverse("regions:member-list", args=[region_slug])


def _active_on_q(day, prefix=""):
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


class DatedQuerySet(models.QuerySet):
    """Rows with `starts_on` and an inclusive, optional `ends_on`."""

    def active_on(self, day=None):
        return self.filter(_active_on_q(day or timezone.localdate()))


RESERVED_SLUGS = {"admin", "api", "me", "accounts", "static", "media", "platform"}


def validate_region_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another.") % {"slug": value}
        )


class Region(Versioned):
    slug = models.SlugField(_("short address"), unique=True, validators=[validate_region_slug])
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60)
    short_name_fr = models.CharField(_("short name (French)"), max_length=60, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=12)
    time_zone = models.CharField(_("usual time zone"), max_length=64, default="UTC")
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    name = Localized()
    short_name = Localized()
    description = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("region")

    def __str__(self):
        return self.short_name_en

    def get_absolute_url(self):
        return reverse("regions:region-detail", args=[self.slug])


class SubRegion(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="sub_regions")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized()

    class Meta:
        ordering = ["region", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name_en"], name="unique_sub_region_name")
        ]
        verbose_name = _("sub-region")

    def __str__(self):
        return self.name_en


class Member(Versioned):
    """A customs administration that is a Member of the WCO in this region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="members")
    sub_region = models.ForeignKey(
        SubRegion,
        verbose_name=_("sub-region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    slug = models.SlugField(_("short address"))
    short_name_en = models.CharField(_("short name (English)"), max_length=100)
    short_name_fr = models.CharField(_("short name (French)"), max_length=100, blank=True)
    official_name_en = models.CharField(_("official name (English)"), max_length=200)
    official_name_fr = models.CharField(_("official name (French)"), max_length=200, blank=True)
    administration_en = models.CharField(_("administration (English)"), max_length=200, blank=True)
    administration_fr = models.CharField(_("administration (French)"), max_length=200, blank=True)
    aliases = models.TextField(
        _("other spellings"), blank=True, help_text=_("One per line, as other documents write it.")
    )
    country_code = models.CharField(_("ISO country code"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(_("joined the region on"), null=True, blank=True)
    left_on = models.DateField(_("left the region on"), null=True, blank=True)
    profile_en = models.TextField(_("profile (English)"), blank=True)
    profile_fr = models.TextField(_("profile (French)"), blank=True)

    short_name = Localized()
    official_name = Localized()
    administration = Localized()
    profile = Localized()

    class Meta:
        ordering = ["short_name_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_member_slug"),
            models.UniqueConstraint(fields=["region", "short_name_en"], name="unique_member_name"),
        ]
        verbose_name = _("Member")

    @property
    def display(self):
        """The name to show, in the viewer's language."""
        return self.short_name

    def __str__(self):
        return self.short_name_en

    def get_absolute_url(self):
        return _directory_url(self.region.slug) + f"{self.slug}/"

    @property
    def alias_list(self):
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def is_member_on(self, day: datetime.date) -> bool:
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.left_on is None or self.left_on >= day)


class Entity(Versioned):
    """A regional entity: the Vice-Chair's office, ROCB, RILO, the RTCs, laboratories, RPSG."""

    class Kind(models.TextChoices):
        VICE_CHAIR_OFFICE = "vice_chair_office", _("Vice-Chair's office")
        ROCB = "rocb", _("Regional Office for Capacity Building")
        RILO = "rilo", _("Regional Intelligence Liaison Office")
        RTC = "rtc", _("Regional Training Centres")
        LABORATORY = "laboratory", _("Regional Customs Laboratories")
        RPSG = "rpsg", _("Regional Private Sector Group")
        OTHER = "other", _("Other")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="entities")
    slug = models.SlugField(_("short address"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60)
    short_name_fr = models.CharField(_("short name (French)"), max_length=60, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized()
    short_name = Localized()
    description = Localized()

    class Meta:
        ordering = ["region", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_entity_slug")
        ]
        verbose_name = _("regional entity")
        verbose_name_plural = _("regional entities")

    @property
    def display(self):
        """The name to show, in the viewer's language."""
        return self.short_name

    def __str__(self):
        return self.short_name_en

    def get_absolute_url(self):
        return reverse("regions:entity-detail", args=[self.region.slug, self.slug])


class SharedQuerySet(models.QuerySet):
    """Rows of a model whose bodies may be shared by every region (decision 0019)."""

    def for_region(self, region):
        """The region's own rows and the bodies every region shares."""
        return self.filter(Q(region=region) | Q(shared=True))


def _shared_constraints(name):
    return [
        # A shared body belongs to no region; every other row to exactly one.
        models.CheckConstraint(
            condition=Q(shared=True, region__isnull=True) | Q(shared=False, region__isnull=False),
            name=f"{name}_shared_has_no_region",
        ),
    ]


SHARED_HELP = _(
    "Shared by every region (the WCO Secretariat, the Secretary General): one record, kept "
    "by the platform administrator, which every region's meetings and posts may name."
)


class Organisation(Versioned):
    """Another organisation that takes part: the WCO Secretariat, partners, private sector.
    The WCO Secretariat is shared: one record with no region, used by every region."""

    class Kind(models.TextChoices):
        WCO = "wco", _("WCO Secretariat")
        PARTNER = "partner", _("Partner organisation")
        PRIVATE = "private", _("Private sector")

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Empty for a body shared by every region."),
    )
    shared = models.BooleanField(_("shared by every region"), default=False, help_text=SHARED_HELP)
    slug = models.SlugField(_("short address"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    short_name_en = models.CharField(_("short name"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)

    name = Localized()

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_organisation_slug"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(shared=True), name="unique_shared_organisation_slug"
            ),
            *_shared_constraints("organisation"),
        ]
        verbose_name = _("organisation")

    @property
    def display(self):
        """The name to show, in the viewer's language."""
        return self.name

    def __str__(self):
        return self.name_en


class Person(Versioned):
    """A human: a contact of a Member, an entity's officer, an observer, secretariat staff.
    The WCO Secretary General is shared: one record with no region, used by every region."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        help_text=_("Empty for a person shared by every region."),
    )
    shared = models.BooleanField(_("shared by every region"), default=False, help_text=SHARED_HELP)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    honorific = models.CharField(_("honorific"), max_length=20, blank=True)
    name = models.CharField(_("full name"), max_length=200)
    position_en = models.CharField(_("position (English)"), max_length=200, blank=True)
    position_fr = models.CharField(_("position (French)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("Member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("regional entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    is_active = models.BooleanField(_("active"), default=True)

    position = Localized()

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = _shared_constraints("person")
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @property
    def display(self):
        return str(self)

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()

    @property
    def affiliation(self):
        return self.member or self.entity or self.organisation


class Role(models.Model):
    """A dated role that grants rights: secretariat, contact point, Head of Customs, ..."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Regional secretariat")
        CONTACT_POINT = "contact_point", _("Contact point")
        HEAD_OF_CUSTOMS = "head_of_customs", _("Head of Customs")
        ENTITY_OFFICER = "entity_officer", _("Regional entity officer")
        OBSERVER = "observer", _("Observer")

    # Which of member / entity / organisation each kind is scoped to.
    SCOPE = {
        Kind.SECRETARIAT: None,
        Kind.CONTACT_POINT: "member",
        Kind.HEAD_OF_CUSTOMS: "member",
        Kind.ENTITY_OFFICER: "entity",
        Kind.OBSERVER: "organisation",
    }

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        Member,
        verbose_name=_("Member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("regional entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-starts_on"]
        verbose_name = _("role")

    def __str__(self):
        scope = self.scope
        return f"{self.person}: {self.get_kind_display()}" + (f", {scope}" if scope else "")

    @property
    def scope(self):
        field = self.SCOPE[self.kind]
        return getattr(self, field) if field else None

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class Post(Versioned):
    """A regional role or seat: Vice-Chair, host of ROCB, an RTC designation, a seat on a body."""

    class HolderKind(models.TextChoices):
        MEMBER = "member", _("a Member")
        ENTITY = "entity", _("a regional entity")
        PERSON = "person", _("a person")
        ORGANISATION = "organisation", _("an organisation")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="posts")
    slug = models.SlugField(_("short address"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("regional entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text=_("The entity this post hosts or belongs to, if any."),
    )
    body_en = models.CharField(_("body (English)"), max_length=200, blank=True)
    body_fr = models.CharField(_("body (French)"), max_length=200, blank=True)
    holder_kind = models.CharField(
        _("held by"), max_length=12, choices=HolderKind.choices, default=HolderKind.MEMBER
    )
    seat_count = models.PositiveSmallIntegerField(_("seats"), default=1)
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, help_text=_("Empty when open-ended.")
    )
    term_start_month = models.PositiveSmallIntegerField(
        _("terms start in month"),
        null=True,
        blank=True,
        choices=list(MONTHS.items()),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized()
    body = Localized()
    description = Localized()

    class Meta:
        ordering = ["region", "order", "name_en"]
        constraints = [models.UniqueConstraint(fields=["region", "slug"], name="unique_post_slug")]
        verbose_name = _("post")

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("regions:post-detail", args=[self.region.slug, self.slug])

    def holders_on(self, day=None) -> list:
        """The holdings that fill the post on `day` (today): in office or awaiting confirmation.
        Reads `holdings.all()`, so a prefetched list costs no query."""
        day = day or timezone.localdate()
        live = (Holding.Status.IN_OFFICE, Holding.Status.SUBJECT_TO_CONFIRMATION)
        return [h for h in self.holdings.all() if h.starts_on <= day and h.status_on(day) in live]

    def vacant_since(self, day=None):
        """The day after the last term ended, when nobody holds the post on `day` (today);
        None when it is held, or was never held."""
        day = day or timezone.localdate()
        if self.holders_on(day):
            return None
        ended = [h.ends_on for h in self.holdings.all() if h.ends_on and h.ends_on < day]
        return max(ended) + datetime.timedelta(days=1) if ended else None

    @property
    def vacancy(self):
        """For the pages: None when held today, else the day it fell vacant ("" if never held)."""
        if self.holders_on():
            return None
        return self.vacant_since() or ""


class Holding(Versioned):
    """Who held a post, from when to when: the one record of terms in the whole platform."""

    class Status(models.TextChoices):
        SUBJECT_TO_CONFIRMATION = "pending", _("subject to confirmation")
        UPCOMING = "upcoming", _("upcoming")
        IN_OFFICE = "in_office", _("in office")
        ENDED = "ended", _("ended")

    HOLDER_FIELDS = ("member", "entity", "person", "organisation")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unticked while the holding awaits confirmation (e.g. by the WCO Council)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["post", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        member__isnull=False,
                        entity__isnull=True,
                        person__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        entity__isnull=False,
                        person__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        entity__isnull=True,
                        person__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        entity__isnull=True,
                        person__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="holding_has_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="holding_ends_after_start",
            ),
        ]
        verbose_name = _("holding")

    def __str__(self):
        to = self.ends_on.year if self.ends_on else "…"
        return f"{self.post}: {self.holder} {self.starts_on.year}–{to}"

    @property
    def holder(self):
        return self.member or self.entity or self.person or self.organisation

    def status_on(self, day=None) -> str:
        day = day or timezone.localdate()
        if self.ends_on and self.ends_on < day:
            return self.Status.ENDED
        if not self.confirmed:
            return self.Status.SUBJECT_TO_CONFIRMATION
        if self.starts_on > day:
            return self.Status.UPCOMING
        return self.Status.IN_OFFICE

    @property
    def status(self):
        return self.status_on()

    def get_status_display(self):
        return self.Status(self.status).label
