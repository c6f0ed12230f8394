import datetime

import pytest

from secretariat.core.visibility import Visibility
from secretariat.publishing.models import NewsItem


@pytest.fixture
def make_item(region):
    """A news item of the region: published and public unless told otherwise."""

    def make(n=1, *, status=NewsItem.Status.PUBLISHED, visibility=Visibility.PUBLIC, **fields):
        published = status == NewsItem.Status.PUBLISHED
        return NewsItem.objects.create(
            region=region,
            slug=fields.pop("slug", f"item-{n}"),
            title_en=fields.pop("title_en", f"Heads of Customs meet, part {n}"),
            title_fr=fields.pop("title_fr", f"Les chefs des douanes se réunissent, partie {n}"),
            lead_en=fields.pop("lead_en", f"The lead of item {n}."),
            lead_fr=fields.pop("lead_fr", f"Le chapeau de l'article {n}."),
            body_en=fields.pop("body_en", f"The **text** of item {n}."),
            body_fr=fields.pop("body_fr", f"Le **texte** de l'article {n}."),
            status=status,
            visibility=visibility,
            published_on=datetime.date(2020, 11, 12) + datetime.timedelta(days=n)
            if published
            else None,
            **fields,
        )

    return make
