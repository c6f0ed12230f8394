import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.regions.models import Person

from ..factories import MemberFactory, PersonFactory, RoleFactory


def edit_url(member):
    return reverse("regions:member-edit", args=[member.region.slug, member.slug])


def profile_post(member, **changes):
    data = {
        "version": member.version,
        "official_name_en": member.official_name_en,
        "official_name_fr": "",
        "short_name_en": member.short_name_en,
        "short_name_fr": "",
        "administration_en": "",
        "administration_fr": "",
        "aliases": "",
        "website": "",
        "profile_en": "",
        "profile_fr": "",
    }
    return data | changes


@pytest.mark.django_db
class TestMemberEdit:
    def test_contact_point_edits_own_member(self, client, cast, member):
        client.force_login(cast.alice)
        response = client.post(edit_url(member), profile_post(member, administration_en="DGCE"))
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.administration_en == "DGCE"
        assert member.version == 2
        entry = AuditEntry.objects.get(action="updated", target_id=str(member.pk))
        assert entry.actor == cast.alice
        assert entry.changes["administration_en"] == ["", "DGCE"]

    def test_head_of_customs_of_same_member_may_edit(self, client, cast, member):
        client.force_login(cast.bob)
        assert client.get(edit_url(member)).status_code == 200

    @pytest.mark.parametrize("who", ["charlie", "dana"])
    def test_other_members_are_refused_and_nothing_changes(self, client, cast, member, who):
        client.force_login(getattr(cast, who))
        assert client.get(edit_url(member)).status_code == 403
        response = client.post(edit_url(member), profile_post(member, administration_en="X"))
        assert response.status_code == 403
        member.refresh_from_db()
        assert member.administration_en == "" and member.version == 1
        assert not AuditEntry.objects.filter(action="updated").exists()

    def test_anonymous_is_sent_to_sign_in(self, client, member):
        response = client.post(edit_url(member), profile_post(member, administration_en="X"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
        member.refresh_from_db()
        assert member.administration_en == ""

    def test_secretariat_may_edit_any_member(self, client, cast, other_member):
        client.force_login(cast.sam)
        response = client.post(
            edit_url(other_member), profile_post(other_member, website="https://customs.example")
        )
        assert response.status_code == 302
        other_member.refresh_from_db()
        assert other_member.website == "https://customs.example"

    def test_ended_role_no_longer_grants_edit(self, client, cast, member):
        import datetime

        cast.alice.person.roles.update(ends_on=datetime.date(2021, 1, 1))
        client.force_login(cast.alice)
        assert client.get(edit_url(member)).status_code == 403

    def test_stale_edit_is_refused_with_both_versions_and_input_kept(self, client, cast, member):
        client.force_login(cast.alice)
        loaded = profile_post(member)
        client.force_login(cast.bob)
        client.post(edit_url(member), loaded | {"administration_en": "Bob's text"})
        client.force_login(cast.alice)
        response = client.post(edit_url(member), loaded | {"administration_en": "Alice's text"})
        assert response.status_code == 409
        page = response.content.decode()
        assert "Bob&#x27;s text" in page and "Alice&#x27;s text" in page
        assert "Someone else saved this after you opened it" in page
        member.refresh_from_db()
        assert member.administration_en == "Bob's text"
        # Saving again from the conflict page applies Alice's version on top.
        again = response.context["form"].data.copy()
        assert client.post(edit_url(member), again).status_code == 302
        member.refresh_from_db()
        assert member.administration_en == "Alice's text"

    def test_bad_input_keeps_what_was_typed(self, client, cast, member):
        client.force_login(cast.alice)
        response = client.post(
            edit_url(member),
            profile_post(member, website="not a url", administration_en="Kept text"),
        )
        assert response.status_code == 400
        assert "Enter a valid URL." in response.content.decode()
        assert "Kept text" in response.content.decode()

    def test_bad_input_message_in_french(self, client, cast, member):
        cast.alice.language = "fr"
        cast.alice.save()
        client.force_login(cast.alice)
        response = client.post(edit_url(member), profile_post(member, website="pas une url"))
        assert "Saisissez une URL valide." in response.content.decode()


@pytest.mark.django_db
class TestContacts:
    def test_emails_only_for_signed_in_participants(self, client, cast, member):
        PersonFactory(region=member.region, member=member, email="head@customs.example")
        url = member.get_absolute_url()
        assert "head@customs.example" not in client.get(url).content.decode()
        client.force_login(cast.dana)  # signed in, but in another region
        assert "head@customs.example" not in client.get(url).content.decode()
        client.force_login(cast.charlie)
        assert "head@customs.example" in client.get(url).content.decode()

    def test_contact_point_adds_contact_to_own_member(self, client, cast, member):
        client.force_login(cast.alice)
        url = reverse("regions:contact-add", args=[member.region.slug, member.slug])
        response = client.post(
            url,
            {
                "name": "Ana Lee",
                "email": "ana@customs.example",
                "honorific": "",
                "position_en": "",
                "position_fr": "",
                "phone": "",
            },
        )
        assert response.status_code == 302
        assert Person.objects.get(name="Ana Lee").member == member

    def test_contact_point_cannot_touch_other_members_contacts(self, client, cast, other_member):
        person = PersonFactory(region=other_member.region, member=other_member, name="Zed")
        client.force_login(cast.alice)
        url = reverse(
            "regions:contact-edit", args=[other_member.region.slug, other_member.slug, person.pk]
        )
        response = client.post(url, {"name": "Hacked", "version": 1})
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.name == "Zed"
        leave = reverse(
            "regions:contact-deactivate",
            args=[other_member.region.slug, other_member.slug, person.pk],
        )
        assert client.post(leave).status_code == 403
        person.refresh_from_db()
        assert person.is_active

    def test_leaver_is_deactivated_never_deleted(self, client, cast, member):
        leaver = PersonFactory(region=member.region, member=member, name="Leaver")
        RoleFactory(person=leaver)
        client.force_login(cast.alice)
        url = reverse(
            "regions:contact-deactivate", args=[member.region.slug, member.slug, leaver.pk]
        )
        assert client.post(url).status_code == 302
        leaver.refresh_from_db()
        assert not leaver.is_active
        assert leaver.roles.get().ends_on is not None


@pytest.mark.django_db
class TestDirectory:
    def test_members_on_a_date(self, client, region):
        import datetime

        MemberFactory(region=region, short_name_en="Old", joined_on=None)
        MemberFactory(region=region, short_name_en="Newcomer", joined_on=datetime.date(2023, 1, 1))
        url = reverse("regions:member-list", args=[region.slug])
        then = client.get(url, {"on": "2020-11-12"})
        assert [m.short_name_en for _, ms in then.context["groups"] for m in ms] == ["Old"]
        assert "Newcomer" in then.content.decode()  # listed under "Joined later"
        now = client.get(url)
        names = [m.short_name_en for _, ms in now.context["groups"] for m in ms]
        assert names == ["Newcomer", "Old"]

    def test_unreadable_date_is_explained(self, client, region):
        response = client.get(reverse("regions:member-list", args=[region.slug]), {"on": "12/11"})
        assert response.status_code == 200
        assert "could not be read" in response.content.decode()

    @pytest.mark.parametrize("url_name", ["member-list", "post-list", "entity-list"])
    def test_same_queries_for_1_and_30_rows(
        self, client, region, django_assert_num_queries, url_name
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from ..factories import HoldingFactory, PostFactory

        def build(n):
            for _ in range(n):
                m = MemberFactory(region=region)
                HoldingFactory(post=PostFactory(region=region), member=m)

        url = reverse(f"regions:{url_name}", args=[region.slug])
        build(1)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        build(29)
        with django_assert_num_queries(len(one)):
            client.get(url)

    def test_member_page_queries_do_not_grow(
        self, client, region, member, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from ..factories import HoldingFactory

        PersonFactory(region=region, member=member)
        HoldingFactory(post__region=region, member=member)
        with CaptureQueriesContext(connection) as one:
            client.get(member.get_absolute_url())
        for _ in range(10):
            RoleFactory(person=PersonFactory(region=region, member=member))
            HoldingFactory(post__region=region, member=member)
        cache.clear()  # factories leave no audit entry: render the page from its rows again
        with django_assert_num_queries(len(one)):
            client.get(member.get_absolute_url())

    def test_unknown_member_is_404(self, client, region):
        assert client.get(f"/{region.slug}/members/nowhere/").status_code == 404

    def test_french_names_and_interface(self, client, region, member):
        client.cookies["django_language"] = "fr"
        page = client.get(reverse("regions:member-list", args=[region.slug])).content.decode()
        assert "Membre" in page and member.short_name_fr in page


@pytest.mark.django_db
def test_member_page_hides_terms_of_members_only_posts_from_the_public(client, cast, member):
    from secretariat.core.visibility import Visibility

    from ..factories import HoldingFactory, PostFactory

    HoldingFactory(post=PostFactory(region=member.region, name_en="Open seat"), member=member)
    HoldingFactory(
        post=PostFactory(
            region=member.region, name_en="Closed seat", visibility=Visibility.MEMBERS
        ),
        member=member,
    )
    public = client.get(member.get_absolute_url()).content.decode()
    assert "Open seat" in public and "Closed seat" not in public
    client.force_login(cast.charlie)
    assert "Closed seat" in client.get(member.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_holders_are_named_in_the_viewers_language(client, member):
    from ..factories import HoldingFactory, PostFactory

    member.short_name_fr = "Indonésie"
    member.save()
    HoldingFactory(
        post=PostFactory(region=member.region), member=member, starts_on=datetime.date(2020, 7, 1)
    )
    url = reverse("regions:post-list", args=[member.region.slug])
    assert "Indonesia" in client.get(url).content.decode()
    client.cookies["django_language"] = "fr"
    page = client.get(url).content.decode()
    assert "Indonésie" in page and ">Indonesia<" not in page
