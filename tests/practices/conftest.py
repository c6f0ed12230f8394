import pytest

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.practices import services


@pytest.fixture
def themes(region):
    return services.themes_seed_covid(region=region, by=SYSTEM)


@pytest.fixture
def make_practice(cast, member, themes):
    """A practice of `member` by its contact point alice; submitted unless told otherwise."""

    def make(title="Green lane for relief consignments", *, submit=True, by=None, **fields):
        practice = services.practice_create(
            member=fields.pop("member", member),
            by=by or cast.alice,
            themes=fields.pop("themes", [themes[1]]),
            title=title,
            summary=fields.pop("summary", "Relief goods cleared before arrival."),
            body=fields.pop("body", "Pre-arrival processing of **vaccines** and test kits."),
            visibility=fields.pop("visibility", Visibility.MEMBERS),
            **fields,
        )
        if submit:
            services.practice_submit(practice=practice, by=by or cast.alice)
        return practice

    return make
