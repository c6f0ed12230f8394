import pytest
from django.utils import timezone, translation

from secretariat.core import audit, pagecache
from secretariat.core.visibility import ANONYMOUS, Viewer

from ..factories import RegionFactory


class Renders:
    """A part that says how often it was rendered."""

    def __init__(self, body="<p>agenda</p>"):
        self.count = 0
        self.body = body

    def __call__(self):
        self.count += 1
        return {"title": "Joint Session", "body": f"{self.body} #{self.count}"}


def keep(render, *, viewer=ANONYMOUS, region_id=None):
    if region_id is None:  # tests/conftest.py's `region`
        region_id = RegionFactory(slug="ap").pk
    return pagecache.kept_part(name="session:1", region_id=region_id, viewer=viewer, render=render)


@pytest.mark.django_db
class TestKeptPart:
    def test_rendered_once_until_an_audited_change_in_the_region(self, cast, member):
        render = Renders()
        assert keep(render)["body"].endswith("#1")
        assert keep(render)["body"].endswith("#1")
        audit.record(by=cast.sam, action="changed", obj=member)
        assert keep(render)["body"].endswith("#2")

    def test_a_change_in_another_region_keeps_it(self, cast, member):
        render = Renders()
        keep(render)
        audit.record(by=cast.sam, action="changed", obj=member)
        other = RegionFactory(slug="other").pk
        keep(render, region_id=other)
        keep(render, region_id=other)
        assert render.count == 2
        assert keep(render)["body"].endswith("#3")  # ap's stamp moved since its first render

    def test_each_kind_of_reader_has_its_own(self, region):
        render = Renders()
        participant = Viewer(user_id=7, participant_regions=frozenset({region.pk}))
        colleague = Viewer(user_id=8, participant_regions=frozenset({region.pk}))
        keep(render)
        keep(render, viewer=participant)
        keep(render, viewer=colleague)  # the same rights as the participant: shared
        keep(render, viewer=Viewer(user_id=9, secretariat_regions=frozenset({region.pk})))
        assert render.count == 3

    def test_each_language_and_time_zone_has_its_own(self, db):
        render = Renders()
        keep(render)
        with translation.override("fr"):
            keep(render)
        timezone.activate("Asia/Jakarta")
        keep(render)
        assert render.count == 3

    def test_a_part_with_a_form_token_is_never_kept(self, db):
        render = Renders('<form><input type="hidden" name="csrfmiddlewaretoken" value="x">')
        keep(render)
        keep(render)
        assert render.count == 2

    def test_nothing_is_kept_when_rendering_fails(self, db):
        calls = []

        def missing():
            calls.append(1)
            raise LookupError("no such session")

        for _ in range(2):
            with pytest.raises(LookupError):
                keep(missing)
        assert len(calls) == 2
