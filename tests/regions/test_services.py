"""Every write to regions goes through a service that checks the rules and keeps the audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.models import AuditEntry
from secretariat.regions import services
from secretariat.regions.models import Holding, Person, Post, Role

from ..factories import (
    EntityFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
)

D = datetime.date


def actions(obj=None):
    entries = AuditEntry.objects.all()
    if obj is not None:
        entries = entries.filter(target_id=str(obj.pk), target_type__model=obj._meta.model_name)
    return sorted(entries.values_list("action", flat=True))


def refused(call, text):
    with pytest.raises(ValidationError) as caught:
        call()
    message = " ".join(caught.value.messages)
    assert text in message, message
    return message


@pytest.fixture
def members(region):
    return [MemberFactory(region=region, short_name_en=f"Member {i}") for i in range(7)]


@pytest.mark.django_db
class TestHoldingSeats:
    def test_one_seat_refuses_an_overlapping_second_holder(self, region, members, cast):
        post = PostFactory(region=region, name_en="Vice-Chair", seat_count=1)
        services.holding_start(
            post=post,
            holder=members[0],
            starts_on=D(2018, 7, 1),
            ends_on=D(2020, 6, 30),
            by=cast.sam,
        )
        refused(
            lambda: services.holding_start(
                post=post, holder=members[1], starts_on=D(2020, 6, 30), by=cast.sam
            ),
            "Vice-Chair has 1 seat(s), all taken on 2020-06-30.",
        )
        assert post.holdings.count() == 1

    def test_one_seat_allows_consecutive_terms(self, region, members, cast):
        post = PostFactory(region=region, name_en="Vice-Chair", seat_count=1)
        india = services.holding_start(
            post=post,
            holder=members[0],
            starts_on=D(2018, 7, 1),
            ends_on=D(2020, 6, 30),
            by=cast.sam,
        )
        indonesia = services.holding_start(
            post=post,
            holder=members[1],
            starts_on=D(2020, 7, 1),
            ends_on=D(2022, 6, 30),
            by=cast.sam,
        )
        # An open-ended holding before the first one is refused: it would run into both.
        refused(
            lambda: services.holding_start(
                post=post, holder=members[2], starts_on=D(2016, 7, 1), by=cast.sam
            ),
            "all taken on 2018-07-01",
        )
        assert list(post.holdings.order_by("starts_on")) == [india, indonesia]

    def test_the_same_holder_cannot_overlap_itself(self, region, members, cast):
        post = PostFactory(region=region, seat_count=3)
        services.holding_start(post=post, holder=members[0], starts_on=D(2020, 1, 1), by=cast.sam)
        refused(
            lambda: services.holding_start(
                post=post, holder=members[0], starts_on=D(2021, 1, 1), by=cast.sam
            ),
            "Member 0 already holds this post in that period.",
        )

    def test_five_seats_take_five_and_refuse_the_sixth_on_the_day_it_would_overlap(
        self, region, members, cast
    ):
        post = PostFactory(region=region, name_en="Policy Commission", seat_count=5)
        for i in range(4):
            services.holding_start(
                post=post,
                holder=members[i],
                starts_on=D(2020, 7, 1),
                ends_on=D(2022, 6, 30),
                by=cast.sam,
            )
        # The fifth seat is filled only from 2021.
        services.holding_start(
            post=post,
            holder=members[4],
            starts_on=D(2021, 7, 1),
            ends_on=D(2023, 6, 30),
            by=cast.sam,
        )
        # A sixth holder from 2021-01-01 fits for six months, then would be the sixth.
        refused(
            lambda: services.holding_start(
                post=post,
                holder=members[5],
                starts_on=D(2021, 1, 1),
                ends_on=D(2021, 12, 31),
                by=cast.sam,
            ),
            "Policy Commission has 5 seat(s), all taken on 2021-07-01.",
        )
        # Ending before the fifth arrives fits.
        services.holding_start(
            post=post,
            holder=members[5],
            starts_on=D(2021, 1, 1),
            ends_on=D(2021, 6, 30),
            by=cast.sam,
        )
        # Once the first four have left, there is room again.
        services.holding_start(post=post, holder=members[6], starts_on=D(2022, 7, 1), by=cast.sam)
        assert post.holdings.count() == 7

    def test_extending_an_ended_holding_is_checked_against_the_seats(self, region, members, cast):
        post = PostFactory(region=region, name_en="Vice-Chair", seat_count=1)
        first = services.holding_start(
            post=post,
            holder=members[0],
            starts_on=D(2018, 7, 1),
            ends_on=D(2020, 6, 30),
            by=cast.sam,
        )
        services.holding_start(post=post, holder=members[1], starts_on=D(2020, 7, 1), by=cast.sam)
        refused(
            lambda: services.holding_end(holding=first, on=D(2021, 6, 30), by=cast.sam),
            "all taken",
        )
        first.refresh_from_db()
        assert first.ends_on == D(2020, 6, 30)


@pytest.mark.django_db
class TestHoldingRules:
    def test_wrong_kind_of_holder_is_refused(self, region, member, cast):
        post = PostFactory(
            region=region, name_en="Host of the ROCB", holder_kind=Post.HolderKind.MEMBER
        )
        entity = EntityFactory(region=region)
        refused(
            lambda: services.holding_start(
                post=post, holder=entity, starts_on=D(2020, 1, 1), by=cast.sam
            ),
            "Host of the ROCB is held by a Member.",
        )
        person_post = PostFactory(
            region=region, name_en="Head of the ROCB", holder_kind=Post.HolderKind.PERSON
        )
        refused(
            lambda: services.holding_start(
                post=person_post, holder=member, starts_on=D(2020, 1, 1), by=cast.sam
            ),
            "Head of the ROCB is held by a person.",
        )
        assert not Holding.objects.exists()

    def test_a_holder_from_another_region_is_refused(self, region, cast):
        post = PostFactory(region=region)
        uganda = MemberFactory(region=RegionFactory(slug="esa"), short_name_en="Uganda")
        refused(
            lambda: services.holding_start(
                post=post, holder=uganda, starts_on=D(2020, 1, 1), by=cast.sam
            ),
            "The holder belongs to another region.",
        )
        assert not Holding.objects.exists()

    def test_an_end_before_the_start_is_refused(self, region, member, cast):
        post = PostFactory(region=region)
        refused(
            lambda: services.holding_start(
                post=post,
                holder=member,
                starts_on=D(2020, 7, 1),
                ends_on=D(2020, 6, 30),
                by=cast.sam,
            ),
            "The end comes before the start.",
        )
        holding = services.holding_start(
            post=post, holder=member, starts_on=D(2020, 7, 1), by=cast.sam
        )
        refused(
            lambda: services.holding_end(holding=holding, on=D(2020, 6, 30), by=cast.sam),
            "A holding cannot end before it starts.",
        )

    def test_other_kinds_of_holder(self, region, cast):
        for kind, holder in [
            (Post.HolderKind.ENTITY, EntityFactory(region=region)),
            (Post.HolderKind.PERSON, PersonFactory(region=region)),
            (Post.HolderKind.ORGANISATION, OrganisationFactory(region=region)),
        ]:
            post = PostFactory(region=region, holder_kind=kind)
            holding = services.holding_start(
                post=post, holder=holder, starts_on=D(2020, 1, 1), by=cast.sam
            )
            assert holding.holder == holder

    def test_status_by_date(self, region, member, cast):
        post = PostFactory(region=region, seat_count=3)
        term = services.holding_start(
            post=post, holder=member, starts_on=D(2020, 7, 1), ends_on=D(2022, 6, 30), by=cast.sam
        )
        assert term.status_on(D(2020, 6, 30)) == Holding.Status.UPCOMING
        assert term.status_on(D(2020, 7, 1)) == Holding.Status.IN_OFFICE
        assert term.status_on(D(2022, 6, 30)) == Holding.Status.IN_OFFICE
        assert term.status_on(D(2022, 7, 1)) == Holding.Status.ENDED
        elected = services.holding_start(
            post=post,
            holder=MemberFactory(region=region),
            starts_on=D(2022, 7, 1),
            confirmed=False,
            by=cast.sam,
        )
        assert elected.status_on(D(2022, 3, 1)) == Holding.Status.SUBJECT_TO_CONFIRMATION
        assert elected.status_on(D(2023, 1, 1)) == Holding.Status.SUBJECT_TO_CONFIRMATION
        services.holding_confirm(holding=elected, by=cast.sam)
        assert elected.status_on(D(2022, 3, 1)) == Holding.Status.UPCOMING
        assert str(elected.get_status_display()) in {"upcoming", "in office"}

    def test_holding_writes_are_audited(self, region, member, cast):
        post = PostFactory(region=region)
        holding = services.holding_start(
            post=post, holder=member, starts_on=D(2020, 7, 1), confirmed=False, by=cast.sam
        )
        services.holding_confirm(holding=holding, by=cast.sam)
        services.holding_end(holding=holding, on=D(2022, 6, 30), by=cast.sam)
        assert actions(holding) == ["holding confirmed", "holding ended", "holding started"]
        started = AuditEntry.objects.get(action="holding started")
        assert started.changes["member"] == [None, "Indonesia"]
        assert started.changes["starts_on"] == [None, "2020-07-01"]
        assert started.changes["confirmed"] == [None, False]
        ended = AuditEntry.objects.get(action="holding ended")
        assert ended.actor == cast.sam and ended.region_id == holding.post.region_id
        assert ended.changes == {"ends_on": [None, "2022-06-30"]}
        holding.refresh_from_db()
        assert holding.version == 3


@pytest.mark.django_db
class TestRoles:
    @pytest.fixture
    def person(self, region, member):
        return PersonFactory(region=region, member=member, name="Sari Dewi")

    def test_contact_point_needs_a_member(self, person, cast):
        refused(
            lambda: services.role_assign(person=person, kind=Role.Kind.CONTACT_POINT, by=cast.sam),
            "Choose the Member this role is for.",
        )

    def test_secretariat_takes_no_member(self, person, member, cast):
        refused(
            lambda: services.role_assign(
                person=person, kind=Role.Kind.SECRETARIAT, member=member, by=cast.sam
            ),
            "This role is not for a particular Member.",
        )

    def test_entity_officer_needs_an_entity_and_observer_an_organisation(
        self, region, person, member, cast
    ):
        refused(
            lambda: services.role_assign(person=person, kind=Role.Kind.ENTITY_OFFICER, by=cast.sam),
            "Choose the regional entity this role is for.",
        )
        refused(
            lambda: services.role_assign(person=person, kind=Role.Kind.OBSERVER, by=cast.sam),
            "Choose the organisation this role is for.",
        )
        entity = EntityFactory(region=region)
        officer = services.role_assign(
            person=person, kind=Role.Kind.ENTITY_OFFICER, entity=entity, by=cast.sam
        )
        assert officer.scope == entity
        organisation = OrganisationFactory(region=region)
        observer = services.role_assign(
            person=person, kind=Role.Kind.OBSERVER, organisation=organisation, by=cast.sam
        )
        assert observer.scope == organisation

    def test_a_scope_in_another_region_is_refused(self, person, cast):
        uganda = MemberFactory(region=RegionFactory(slug="esa"), short_name_en="Uganda")
        refused(
            lambda: services.role_assign(
                person=person, kind=Role.Kind.CONTACT_POINT, member=uganda, by=cast.sam
            ),
            "The role and its scope must be in the same region.",
        )

    def test_a_role_cannot_end_before_it_starts(self, person, member, cast):
        refused(
            lambda: services.role_assign(
                person=person,
                kind=Role.Kind.CONTACT_POINT,
                member=member,
                starts_on=D(2021, 1, 1),
                ends_on=D(2020, 12, 31),
                by=cast.sam,
            ),
            "A role cannot end before it starts.",
        )
        assert not person.roles.exists()

    def test_assign_is_audited_with_the_actor(self, person, member, cast):
        role = services.role_assign(
            person=person,
            kind=Role.Kind.HEAD_OF_CUSTOMS,
            member=member,
            starts_on=D(2020, 1, 1),
            by=cast.sam,
        )
        entry = AuditEntry.objects.get(action="role assigned")
        assert entry.actor == cast.sam
        assert entry.target_id == str(role.pk)
        assert entry.changes["kind"] == [None, "head_of_customs"]
        assert entry.changes["member"] == [None, "Indonesia"]

    def test_hand_over_ends_the_old_role_the_day_before_and_starts_the_new(
        self, region, member, cast
    ):
        old = cast.alice.person.roles.get()
        successor = PersonFactory(region=region, member=member, name="Budi Santoso")
        new = services.role_hand_over(role=old, to=successor, on=D(2024, 3, 1), by=cast.sam)
        old.refresh_from_db()
        assert old.ends_on == D(2024, 2, 29)
        assert (new.person, new.kind, new.member, new.starts_on, new.ends_on) == (
            successor,
            Role.Kind.CONTACT_POINT,
            member,
            D(2024, 3, 1),
            None,
        )
        assert actions(old) == ["role ended"]
        assert actions(new) == ["role assigned"]
        assert AuditEntry.objects.get(action="role ended").changes == {
            "ends_on": [None, "2024-02-29"]
        }
        assert set(AuditEntry.objects.values_list("actor", flat=True)) == {cast.sam.pk}

    def test_hand_over_to_the_same_person_or_of_an_ended_role_is_refused(self, cast):
        role = cast.alice.person.roles.get()
        refused(
            lambda: services.role_hand_over(
                role=role, to=cast.alice.person, on=D(2024, 1, 1), by=cast.sam
            ),
            "Choose another person",
        )
        services.role_end(role=role, on=D(2022, 12, 31), by=cast.sam)
        refused(
            lambda: services.role_hand_over(
                role=role, to=cast.bob.person, on=D(2024, 1, 1), by=cast.sam
            ),
            "This role has already ended.",
        )

    def test_hand_over_on_or_before_the_role_began_is_refused(self, cast):
        role = cast.alice.person.roles.get()
        refused(
            lambda: services.role_hand_over(
                role=role, to=cast.bob.person, on=role.starts_on, by=cast.sam
            ),
            "after the day the role began",
        )
        role.refresh_from_db()
        assert role.ends_on is None

    def test_deactivating_a_person_ends_roles_and_the_sign_in(self, client, cast):
        person = cast.alice.person
        services.person_deactivate(person=person, by=cast.sam, on=D(2024, 5, 31))
        person.refresh_from_db()
        assert person.is_active is False
        assert person.roles.get().ends_on == D(2024, 5, 31)
        cast.alice.refresh_from_db()
        assert cast.alice.is_active is False
        assert Person.objects.filter(pk=person.pk).exists()  # never deleted
        assert actions(person) == ["updated"]
        assert AuditEntry.objects.get(action="updated").changes == {"is_active": [True, False]}
        assert actions(person.roles.get()) == ["role ended"]

    def test_a_leavers_role_due_to_begin_later_is_withdrawn(self, cast):
        person = cast.alice.person
        later = services.role_assign(
            person=person,
            kind=Role.Kind.HEAD_OF_CUSTOMS,
            member=person.member,
            by=cast.sam,
            starts_on=D(2024, 7, 1),
        )
        services.person_deactivate(person=person, by=cast.sam, on=D(2024, 5, 31))
        assert not Role.objects.filter(pk=later.pk).exists()
        withdrawn = AuditEntry.objects.get(action="role withdrawn")
        assert withdrawn.target_id == str(later.pk) and withdrawn.actor == cast.sam
        assert withdrawn.changes["starts_on"] == [None, "2024-07-01"]
        assert person.roles.get().ends_on == D(2024, 5, 31)


@pytest.mark.django_db
def test_every_create_and_update_is_audited(region, cast):
    member = services.member_create(
        region=region, by=cast.sam, short_name_en="Palau", official_name_en="Republic of Palau"
    )
    assert member.slug == "palau"
    services.member_update(member=member, by=cast.sam, website="https://palau.example")
    services.member_update(member=member, by=cast.sam, website="https://palau.example")
    entity = services.entity_create(
        region=region, by=cast.sam, kind="rocb", name_en="ROCB A/P", short_name_en="ROCB"
    )
    services.entity_update(entity=entity, by=cast.sam, city="Bangkok")
    organisation = services.organisation_create(
        region=region, by=cast.sam, kind="partner", name_en="Oceania Customs Organisation"
    )
    person = services.person_create(region=region, by=cast.sam, name="Sari Dewi")
    services.person_update(person=person, by=cast.sam, phone="+62 21 000")
    post = services.post_create(region=region, by=cast.sam, name_en="Vice-Chair")
    services.post_update(post=post, by=cast.sam, seat_count=1)
    assert actions(member) == ["created", "updated"]  # the no-op update leaves no entry
    assert actions(entity) == ["created", "updated"]
    assert actions(organisation) == ["created"]
    assert actions(person) == ["created", "updated"]
    assert actions(post) == ["created"]  # seat_count was already 1: nothing changed
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {cast.sam.pk}
    assert set(AuditEntry.objects.values_list("region_id", flat=True)) == {region.pk}
