"""Factories for real objects; tests build what they need, never mocks."""

import datetime

import factory

from secretariat.accounts.models import User
from secretariat.regions.models import (
    Entity,
    Holding,
    Member,
    Organisation,
    Person,
    Post,
    Region,
    Role,
    SubRegion,
)

PASSWORD = "correct-horse-battery"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"region{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    short_name_en = factory.Sequence(lambda n: f"R{n}")
    abbreviation = factory.Sequence(lambda n: f"R{n}")


class SubRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubRegion

    region = factory.SubFactory(RegionFactory)
    name_en = factory.Sequence(lambda n: f"Sub-region {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    region = factory.SubFactory(RegionFactory)
    short_name_en = factory.Sequence(lambda n: f"Member {n}")
    short_name_fr = factory.Sequence(lambda n: f"Membre {n}")
    official_name_en = factory.LazyAttribute(lambda o: f"Republic of {o.short_name_en}")
    slug = factory.Sequence(lambda n: f"member-{n}")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    region = factory.SubFactory(RegionFactory)
    kind = Entity.Kind.ROCB
    slug = factory.Sequence(lambda n: f"entity-{n}")
    name_en = factory.Sequence(lambda n: f"Entity {n}")
    short_name_en = factory.Sequence(lambda n: f"E{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    kind = Organisation.Kind.PARTNER
    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    region = factory.LazyAttribute(lambda o: o.person.region)
    kind = Role.Kind.CONTACT_POINT
    member = factory.LazyAttribute(lambda o: o.person.member)
    starts_on = datetime.date(2020, 1, 1)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"post-{n}")
    name_en = factory.Sequence(lambda n: f"Post {n}")


class HoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holding

    post = factory.SubFactory(PostFactory)
    member = factory.SubFactory(MemberFactory, region=factory.SelfAttribute("..post.region"))
    starts_on = datetime.date(2020, 7, 1)


def user_with_role(kind, *, region, email=None, **affiliation):
    """A user whose person, affiliated as given, holds `kind` in `region` since 2020."""
    user = UserFactory(**({"email": email} if email else {}))
    person = PersonFactory(region=region, user=user, email=user.email, **affiliation)
    scope_field = Role.SCOPE[kind]
    scope = {scope_field: affiliation[scope_field]} if scope_field else {}
    RoleFactory(person=person, kind=kind, **({"member": None} | scope))
    return user
