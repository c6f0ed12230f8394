"""Every write to practices, themes and reference lists; each is audited and re-indexed."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.files import check_upload, stored_name
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import service
from secretariat.core.versions import save_versioned
from secretariat.regions.selectors import contact_points
from secretariat.search.index import entries_refresh

from .models import Attachment, Practice, ReferenceList, ReferenceRow, Theme

SUBMITTED = gettext_noop("submitted")
FEATURED = gettext_noop("featured")
UNFEATURED = gettext_noop("no longer featured")
ATTACHED = gettext_noop("file attached")
ROWS_REPLACED = gettext_noop("rows replaced")

ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

# The four categories in which the WCO collected Members' COVID-19 practices from March 2020.
COVID_THEMES = [
    ("COVID-19", "COVID-19"),
    (
        "Facilitating the cross-border movement of relief and essential supplies",
        "Faciliter la circulation transfrontière des secours et des fournitures essentielles",
    ),
    (
        "Supporting the economy and sustaining supply chain continuity",
        "Soutenir l'économie et assurer la continuité de la chaîne logistique",
    ),
    ("Protecting staff", "Protéger le personnel"),
    ("Protecting society", "Protéger la société"),
]


# Themes


@service("practices.curate", on="region")
def theme_create(*, region, by, name_en, name_fr="", parent=None, order=0) -> Theme:
    if parent is not None and parent.region_id != region.pk:
        raise ValidationError(_("The parent theme belongs to another region."))
    theme = Theme.objects.create(
        region=region, parent=parent, name_en=name_en, name_fr=name_fr, order=order
    )
    audit.record(by=by, action=audit.CREATED, obj=theme)
    return theme


@service("practices.curate", on="region")
def themes_seed_covid(*, region, by) -> list[Theme]:
    """The COVID-19 heading and its four categories, unless the region has them already."""
    (root_en, root_fr), *children = COVID_THEMES
    root = Theme.objects.filter(region=region, parent=None, name_en=root_en).first()
    if root is None:
        root = theme_create(region=region, by=by, name_en=root_en, name_fr=root_fr)
    themes = [root]
    for order, (name_en, name_fr) in enumerate(children, start=1):
        theme = Theme.objects.filter(region=region, parent=root, name_en=name_en).first()
        themes.append(
            theme
            or theme_create(
                region=region, by=by, name_en=name_en, name_fr=name_fr, parent=root, order=order
            )
        )
    return themes


# Practices


def _check_themes(region, themes):
    if any(t.region_id != region.pk for t in themes):
        raise ValidationError(_("A theme belongs to another region."))


@service("practices.add_practice_for", on="member")
@transaction.atomic
def practice_create(*, member, by, themes, is_demo=False, **fields) -> Practice:
    """A draft practice of `member`: private to its Member until submitted."""
    _check_themes(member.region, themes)
    practice = Practice(region=member.region, member=member, is_demo=is_demo, **fields)
    practice.full_clean(exclude=["themes"])
    practice.save()
    practice.themes.set(themes)
    audit.record(by=by, action=audit.CREATED, obj=practice)
    return practice


@service("practices.change_practice", on="practice")
@transaction.atomic
def practice_update(*, practice, by, expected_version, themes, **changes) -> Practice:
    """Save the keeper's edit unless someone saved since they loaded it (core.versions)."""
    _check_themes(practice.region, themes)
    before = audit.snapshot(practice)
    for name, value in changes.items():
        setattr(practice, name, value)
    practice.updated_at = timezone.now()
    practice.full_clean(exclude=["themes"])
    save_versioned(practice, expected_version=expected_version, fields=[*changes, "updated_at"])
    practice.themes.set(themes)
    audit.record(by=by, action=audit.UPDATED, obj=practice, before=before)
    entries_refresh(practice)
    return practice


@service("practices.change_practice", on="practice")
@transaction.atomic
def practice_submit(*, practice, by) -> Practice:
    """Make the draft visible to its readers (the region's Members, or everyone)."""
    if not practice.is_draft:
        raise ValidationError(_("This practice is already submitted."))
    before = audit.snapshot(practice)
    practice.submitted_at = practice.updated_at = timezone.now()
    practice.save(update_fields=["submitted_at", "updated_at"])
    audit.record(by=by, action=SUBMITTED, obj=practice, before=before)
    entries_refresh(practice)
    return practice


@service("practices.curate", on="practice")
@transaction.atomic
def practice_feature(*, practice, by, featured: bool) -> Practice:
    if practice.is_draft:
        raise ValidationError(_("A draft cannot be featured."))
    before = audit.snapshot(practice)
    practice.featured = featured
    practice.save(update_fields=["featured"])
    audit.record(by=by, action=FEATURED if featured else UNFEATURED, obj=practice, before=before)
    return practice


@service("practices.change_practice", on="practice")
@transaction.atomic
def practice_attach(*, practice, by, upload) -> Attachment:
    """Attach a file checked by its content (PDF, Word, Excel or an image)."""
    kind = check_upload(upload, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    attachment = Attachment(practice=practice, name=upload.name[:200], kind=kind)
    attachment.file.save(stored_name(kind), upload, save=True)
    practice.updated_at = timezone.now()
    practice.save(update_fields=["updated_at"])
    audit.record(by=by, action=ATTACHED, obj=practice, note=attachment.name)
    return attachment


# Stale practices


def stale_practices(now):
    after = timedelta(days=settings.PRACTICE_STALE_AFTER_DAYS)
    return Practice.objects.filter(submitted_at__isnull=False, updated_at__lt=now - after)


def practices_remind_stale(now) -> int:
    """Mail each Member's contact points once per period about practices not updated for long.

    A tick step: a practice is reminded of again only a full period after its last reminder.
    """
    after = timedelta(days=settings.PRACTICE_STALE_AFTER_DAYS)
    due = (
        stale_practices(now)
        .exclude(reminded_at__gte=now - after)
        .select_related("member", "region")
        .order_by("member_id", "pk")
    )
    by_member = {}
    for practice in due:
        by_member.setdefault(practice.member, []).append(practice)
    sent = 0
    with transaction.atomic():
        for member, practices in by_member.items():
            region = member.region
            link = settings.SITE_URL + reverse("practices:practice-list", args=[region.slug])
            for person in contact_points(member):
                mail_queue(
                    to=person.email,
                    template="practices/mail/stale.txt",
                    language=person.user.language if person.user else "en",
                    context={
                        "person": person,
                        "member": member,
                        "practices": practices,
                        "link": f"{link}?member={member.pk}&stale=1",
                    },
                    region_id=region.pk,
                )
                sent += 1
            Practice.objects.filter(pk__in=[p.pk for p in practices]).update(reminded_at=now)
    return sent


# Reference lists


@service("practices.curate", on="region")
@transaction.atomic
def reference_list_create(*, region, by, slug, title_en, hs_edition, **fields) -> ReferenceList:
    reference_list = ReferenceList(
        region=region, slug=slug, title_en=title_en, hs_edition=hs_edition, **fields
    )
    reference_list.full_clean()
    reference_list.save()
    audit.record(by=by, action=audit.CREATED, obj=reference_list)
    return reference_list


@service("practices.curate", on="reference_list")
@transaction.atomic
def reference_rows_replace(*, reference_list, by, rows: list[dict]) -> list[ReferenceRow]:
    """Replace every row of the list with `rows` (already checked), and re-index them."""
    old_rows = list(reference_list.rows.only("pk"))
    reference_list.rows.all().delete()
    created = ReferenceRow.objects.bulk_create(
        ReferenceRow(reference_list=reference_list, position=i, **row)
        for i, row in enumerate(rows, start=1)
    )
    reference_list.updated_at = timezone.now()
    reference_list.save(update_fields=["updated_at"])
    audit.record(by=by, action=ROWS_REPLACED, obj=reference_list, note=f"{len(created)} rows")
    entries_refresh(reference_list, *old_rows)
    return created
