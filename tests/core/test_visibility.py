"""`visible_q` (for lists) and `can_see` (for one object) must never disagree."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.core.visibility import ANONYMOUS, Viewer, Visibility, can_see, visible_q
from secretariat.regions.models import Post
from secretariat.regions.selectors import viewer_for

from ..factories import PostFactory, RegionFactory


@pytest.fixture
def posts(db):
    """One post of every visibility in each of two regions."""
    regions = [RegionFactory(slug="north"), RegionFactory(slug="south")]
    return [
        PostFactory(region=r, visibility=v, name_en=f"{r.slug} {v}")
        for r in regions
        for v in Visibility.values
    ]


def visible_names(viewer):
    return set(Post.objects.filter(visible_q(viewer, named=None)).values_list("name_en", flat=True))


def seen_one_by_one(viewer, posts):
    return {p.name_en for p in posts if can_see(viewer, p, region_id=p.region_id)}


def viewers(region_ids):
    ids = st.sampled_from([*region_ids, 999_999])  # 999999: a region that does not exist
    return st.builds(
        Viewer,
        user_id=st.one_of(st.none(), st.integers(1, 10)),
        secretariat_regions=st.frozensets(ids),
        participant_regions=st.frozensets(ids),
        member_ids=st.frozensets(st.integers(1, 5)),
        member_editor_ids=st.frozensets(st.integers(1, 5)),
    )


@pytest.mark.django_db
def test_list_filter_and_single_check_agree_for_any_viewer(posts):
    region_ids = sorted({p.region_id for p in posts})

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(viewer=viewers(region_ids))
    def check(viewer):
        assert visible_names(viewer) == seen_one_by_one(viewer, posts)

    check()


@pytest.mark.django_db
def test_what_each_kind_of_viewer_sees(posts, cast, region):
    north = posts[0].region
    everyone_public = {"north public", "south public"}
    assert visible_names(ANONYMOUS) == everyone_public
    participant = Viewer(user_id=1, participant_regions=frozenset({north.pk}))
    assert visible_names(participant) == everyone_public | {"north members"}
    secretariat = Viewer(
        user_id=1,
        secretariat_regions=frozenset({north.pk}),
        participant_regions=frozenset({north.pk}),
    )
    # The secretariat sees everything of its own region, nothing restricted elsewhere.
    assert visible_names(secretariat) == everyone_public | {
        "north members",
        "north named",
        "north secretariat",
    }
    # Named Members: Post has no list of named Members, so only the secretariat sees those.
    named = Viewer(user_id=1, participant_regions=frozenset({north.pk}), member_ids=frozenset({1}))
    assert "north named" not in visible_names(named)


@pytest.mark.django_db
def test_viewer_for_real_users_matches_their_roles(cast, region):
    post = PostFactory(region=region, visibility=Visibility.MEMBERS, name_en="Members only")
    secret = PostFactory(region=region, visibility=Visibility.SECRETARIAT, name_en="Staff only")
    for who, sees_members, sees_staff in [
        ("alice", True, False),
        ("charlie", True, False),
        ("dana", False, False),
        ("sam", True, True),
    ]:
        viewer = viewer_for(getattr(cast, who))
        names = visible_names(viewer)
        assert ("Members only" in names) is sees_members, who
        assert ("Staff only" in names) is sees_staff, who
        assert can_see(viewer, post, region_id=region.pk) is sees_members, who
        assert can_see(viewer, secret, region_id=region.pk) is sees_staff, who
