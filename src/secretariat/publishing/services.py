"""Every write to news items: generated from a session, edited, published; each audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.permissions import service
from secretariat.core.versions import save_versioned
from secretariat.core.visibility import Visibility
from secretariat.search.index import entries_refresh

from .generator import LANGUAGES, news_text, session_facts
from .models import NewsItem

GENERATED = gettext_noop("written from the session's data")
PUBLISHED = gettext_noop("published")
UNPUBLISHED = gettext_noop("unpublished")

EDITABLE = [
    "title_en",
    "title_fr",
    "lead_en",
    "lead_fr",
    "body_en",
    "body_fr",
    "visibility",
    "gallery",
]


def _free_slug(region, title, day):
    stem = slugify(f"{title} {day:%Y-%m-%d}" if day else title)[:70].strip("-") or "news"
    slug, n = stem, 1
    while NewsItem.objects.filter(region=region, slug=slug).exists():
        n += 1
        slug = f"{stem}-{n}"
    return slug


@service("publishing.manage_news", on="session")
@transaction.atomic
def news_generate(*, session, by) -> NewsItem:
    """A draft news item written from what `session`'s data holds, in English and French."""
    facts = session_facts(session)
    texts = {language: news_text(facts, language) for language in LANGUAGES}
    fields = {
        f"{part}_{language}": texts[language][part]
        for language in LANGUAGES
        for part in ("title", "lead", "body")
    }
    # A draft about a meeting not open to the public starts as the Members' news.
    public = all(m.visibility == Visibility.PUBLIC for m in facts.meetings)
    item = NewsItem.objects.create(
        region=session.region,
        session=session,
        visibility=Visibility.PUBLIC if public else Visibility.MEMBERS,
        slug=_free_slug(session.region, fields["title_en"], facts.day),
        **fields,
    )
    audit.record(by=by, action=GENERATED, obj=item, created=True)
    return item


@service("publishing.manage_news", on="item")
@transaction.atomic
def news_update(*, item, by, expected_version, **changes) -> NewsItem:
    """Save the editor's changes unless someone saved since they loaded it (core.versions)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    gallery = changes.get("gallery")
    if gallery is not None and gallery.region_id != item.region_id:
        raise ValidationError(_("The gallery belongs to another region."))
    before = audit.snapshot(item)
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = timezone.now()
    item.full_clean()
    save_versioned(item, expected_version=expected_version, fields=[*changes, "updated_at"])
    audit.record(by=by, action=audit.UPDATED, obj=item, before=before)
    entries_refresh(item)
    return item


@service("publishing.manage_news", on="item")
@transaction.atomic
def news_publish(
    *, item, by, published_on: datetime.date, lead_en: str, lead_fr: str = ""
) -> NewsItem:
    """Put the item on the site (public, or for Members) from `published_on`, with its lead."""
    if not lead_en.strip():
        raise ValidationError(_("A published news item needs a lead."))
    before = audit.snapshot(item)
    item.status = NewsItem.Status.PUBLISHED
    item.published_on = published_on
    item.lead_en, item.lead_fr = lead_en.strip(), lead_fr.strip()
    item.updated_at = timezone.now()
    fields = ["status", "published_on", "lead_en", "lead_fr", "updated_at"]
    save_versioned(item, expected_version=item.version, fields=fields)
    audit.record(by=by, action=PUBLISHED, obj=item, before=before)
    entries_refresh(item)
    return item


@service("publishing.manage_news", on="item")
@transaction.atomic
def news_unpublish(*, item, by) -> NewsItem:
    """Take the item off the site: it is a draft again, its date kept for the record."""
    if not item.is_published:
        raise ValidationError(_("This news item is not published."))
    before = audit.snapshot(item)
    item.status = NewsItem.Status.DRAFT
    item.updated_at = timezone.now()
    save_versioned(item, expected_version=item.version, fields=["status", "updated_at"])
    audit.record(by=by, action=UNPUBLISHED, obj=item, before=before)
    entries_refresh(item)
    return item
