import datetime

import pytest

from secretariat.core.models import AuditEntry
from secretariat.demo import asia_pacific
from secretariat.regions import selectors
from secretariat.regions.models import Holding, Member, Person, Role


@pytest.fixture
def demo(db):
    return asia_pacific.load()


def test_members_of_november_2020_and_those_who_joined_later(demo):
    groups, later = selectors.directory(demo, datetime.date(2020, 11, 12))
    assert {sub.name_en: len(ms) for sub, ms in groups.items()} == {
        "Sub-Continent": 9,
        "Far East": 6,
        "ASEAN": 10,
        "Australasia/Oceania": 8,
    }
    assert [m.short_name_en for m in later] == ["Solomon Islands", "Palau"]
    assert selectors.members_on(demo, datetime.date(2026, 11, 27)).count() == 35


def test_vice_chair_terms_in_order(demo):
    terms = Holding.objects.filter(post__slug="vice-chair").order_by("starts_on")
    assert [(h.member.short_name_en, h.starts_on.year, h.ends_on.year) for h in terms] == [
        ("India", 2018, 2020),
        ("Indonesia", 2020, 2022),
        ("Australia", 2022, 2024),
        ("Hong Kong China", 2024, 2026),
    ]


def test_loading_again_changes_nothing(demo):
    counts = [m.objects.count() for m in (Member, Person, Role, Holding, AuditEntry)]
    asia_pacific.load()
    assert [m.objects.count() for m in (Member, Person, Role, Holding, AuditEntry)] == counts


def test_every_demo_account_has_a_role_and_the_table_names_it(demo):
    table = dict(asia_pacific.accounts_table(demo))
    assert table["rocb@demo.example.org"] == "Regional entity officer — ROCB A/P"
    for email, *_ in asia_pacific.ACCOUNTS:
        assert Role.objects.filter(person__user__email=email).exists()


def test_the_demo_is_loaded_through_the_services(demo):
    # The services record every creation: nothing bypassed them.
    assert AuditEntry.objects.filter(action="created", target_type__model="member").count() == 35
    assert AuditEntry.objects.filter(action="holding started").count() == Holding.objects.count()
