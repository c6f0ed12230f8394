import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.regions.models import Member

from ..factories import HoldingFactory, MemberFactory, PostFactory, RegionFactory


@pytest.mark.django_db
class TestRegionalAdmin:
    def test_secretariat_sees_only_its_region(self, client, cast, member):
        far = MemberFactory(region=RegionFactory(slug="wca"), short_name_en="Far Away")
        client.force_login(cast.sam)
        page = client.get(reverse("admin:regions_member_changelist"))
        assert page.status_code == 200
        assert member.short_name_en in page.content.decode()
        assert "Far Away" not in page.content.decode()
        change = client.get(reverse("admin:regions_member_change", args=[far.pk]))
        assert change.status_code in (302, 404)

    def test_admin_edit_is_audited_and_bumps_version(self, client, cast, member):
        client.force_login(cast.sam)
        url = reverse("admin:regions_member_change", args=[member.pk])
        data = {
            "region": member.region_id,
            "sub_region": "",
            "slug": member.slug,
            "short_name_en": member.short_name_en,
            "short_name_fr": "",
            "official_name_en": "Republic of Changed",
            "official_name_fr": "",
            "administration_en": "",
            "administration_fr": "",
            "aliases": "",
            "country_code": "",
            "website": "",
            "joined_on": "",
            "left_on": "",
            "profile_en": "",
            "profile_fr": "",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        member.refresh_from_db()
        assert member.official_name_en == "Republic of Changed"
        assert member.version == 2
        entry = AuditEntry.objects.get(target_id=str(member.pk), action="updated")
        assert entry.changes["official_name_en"][1] == "Republic of Changed"

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_are_sent_to_admin_sign_in(self, client, cast, member, who):
        client.force_login(getattr(cast, who))
        response = client.get(reverse("admin:regions_member_changelist"))
        assert response.status_code == 302
        assert Member.objects.get(pk=member.pk).version == 1

    def test_holding_added_in_admin_respects_seats(self, client, cast, region):
        post = PostFactory(region=region, seat_count=1)
        HoldingFactory(post=post)
        client.force_login(cast.sam)
        other = MemberFactory(region=region)
        response = client.post(
            reverse("admin:regions_holding_add"),
            {
                "post": post.pk,
                "member": other.pk,
                "starts_on": "2021-01-01",
                "note": "",
                "confirmed": "on",
            },
        )
        assert response.status_code == 200
        assert "all taken" in response.content.decode()
        assert post.holdings.count() == 1
