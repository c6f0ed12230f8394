"""The demo's news item: the seed's, written by the generator from the joint session's data.

Published on the session's day, with the session's photo gallery when the gallery demo made one.
"""

from django.db import transaction

from secretariat.core.permissions import SYSTEM
from secretariat.gallery.models import Gallery
from secretariat.meetings.models import Meeting

from . import services
from .generator import session_facts
from .models import NewsItem


@transaction.atomic
def load(region):
    """Create what is missing (run it twice: same data)."""
    meeting = Meeting.objects.filter(series__region=region, series__reference="RHCAC", number=21)
    session = meeting.get().session if meeting.exists() else None
    if session is None or NewsItem.objects.filter(session=session).exists():
        return None
    item = services.news_generate(session=session, by=SYSTEM)
    gallery = Gallery.objects.filter(region=region, session=session).order_by("pk").first()
    if gallery is not None:
        services.news_update(item=item, by=SYSTEM, expected_version=item.version, gallery=gallery)
    return services.news_publish(
        item=item,
        by=SYSTEM,
        published_on=session_facts(session).day,
        lead_en=item.lead_en,
        lead_fr=item.lead_fr,
    )
