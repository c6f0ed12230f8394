"""The Asia/Pacific demo: the only code that names a region.

Facts come from shared/DOMAIN.md. Where the domain gives only a year or a month
(a host "since 2004", a member "joined January 2023"), the date is the first
day of that period and the holding's note says so. Where it gives nothing (the
accession dates of the 33 Members of 2020), nothing is invented: the field stays
empty, as editable data. Demo people and organisations are fictional, apart from
the two public figures the seed news item names.
"""

import datetime

from django.db import transaction

from secretariat.accounts.backends import DEMO_PASSWORD
from secretariat.accounts.models import User
from secretariat.core.permissions import SYSTEM
from secretariat.gallery import demo as gallery_demo
from secretariat.publishing import demo as publishing_demo
from secretariat.regions import services
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

from . import decisions, meetings, plans, practices, records

D = datetime.date
REGION = {
    "slug": "ap",
    "name_en": "Far East, South and South East Asia, Australasia and the Pacific Islands",
    "name_fr": "Extrême-Orient, Asie du Sud et du Sud-Est, Australasie et îles du Pacifique",
    "short_name_en": "Asia/Pacific",
    "short_name_fr": "Asie/Pacifique",
    "abbreviation": "A/P",
    "time_zone": "Asia/Bangkok",
    "description_en": (
        "The WCO's Asia/Pacific region: its Members, regional entities, meetings and plans."
    ),
    "description_fr": (
        "La région Asie/Pacifique de l'OMD : ses Membres, ses entités régionales, ses réunions "
        "et ses plans."
    ),
}

SUB_REGIONS = [
    ("Sub-Continent", "Sous-continent"),
    ("Far East", "Extrême-Orient"),
    ("ASEAN", "ASEAN"),
    ("Australasia/Oceania", "Australasie/Océanie"),
]

# short name (en), short name (fr), official name (en), administration (en), ISO code,
# aliases, sub-region index, joined on (only where the domain gives it)
MEMBERS = [
    (
        "Afghanistan",
        "Afghanistan",
        "Islamic Republic of Afghanistan",
        "Afghanistan Customs Department",
        "AF",
        "",
        0,
        None,
    ),
    (
        "Bangladesh",
        "Bangladesh",
        "People's Republic of Bangladesh",
        "National Board of Revenue",
        "BD",
        "",
        0,
        None,
    ),
    (
        "Bhutan",
        "Bhoutan",
        "Kingdom of Bhutan",
        "Department of Revenue and Customs",
        "BT",
        "",
        0,
        None,
    ),
    (
        "India",
        "Inde",
        "Republic of India",
        "Central Board of Indirect Taxes and Customs",
        "IN",
        "",
        0,
        None,
    ),
    (
        "Iran",
        "Iran",
        "Islamic Republic of Iran",
        "Islamic Republic of Iran Customs Administration",
        "IR",
        "Iran, Islamic Republic of",
        0,
        None,
    ),
    ("Maldives", "Maldives", "Republic of Maldives", "Maldives Customs Service", "MV", "", 0, None),
    (
        "Nepal",
        "Népal",
        "Federal Democratic Republic of Nepal",
        "Department of Customs",
        "NP",
        "",
        0,
        None,
    ),
    ("Pakistan", "Pakistan", "Islamic Republic of Pakistan", "Pakistan Customs", "PK", "", 0, None),
    (
        "Sri Lanka",
        "Sri Lanka",
        "Democratic Socialist Republic of Sri Lanka",
        "Sri Lanka Customs",
        "LK",
        "",
        0,
        None,
    ),
    (
        "China",
        "Chine",
        "People's Republic of China",
        "General Administration of Customs",
        "CN",
        "",
        1,
        None,
    ),
    (
        "Hong Kong China",
        "Hong Kong (Chine)",
        "Hong Kong, China",
        "Customs and Excise Department",
        "HK",
        "Hong Kong, China\nHong Kong SAR",
        1,
        None,
    ),
    (
        "Macao China",
        "Macao (Chine)",
        "Macao, China",
        "Macao Customs Service",
        "MO",
        "Macao, China\nMacau",
        1,
        None,
    ),
    ("Mongolia", "Mongolie", "Mongolia", "Customs General Administration", "MN", "", 1, None),
    ("Japan", "Japon", "Japan", "Japan Customs", "JP", "", 1, None),
    (
        "Korea",
        "Corée",
        "Republic of Korea",
        "Korea Customs Service",
        "KR",
        "Republic of Korea\nKorea, Republic of",
        1,
        None,
    ),
    (
        "Brunei Darussalam",
        "Brunéi Darussalam",
        "Brunei Darussalam",
        "Royal Customs and Excise Department",
        "BN",
        "Brunei",
        2,
        None,
    ),
    (
        "Cambodia",
        "Cambodge",
        "Kingdom of Cambodia",
        "General Department of Customs and Excise",
        "KH",
        "",
        2,
        None,
    ),
    (
        "Indonesia",
        "Indonésie",
        "Republic of Indonesia",
        "Directorate General of Customs and Excise",
        "ID",
        "",
        2,
        None,
    ),
    ("Malaysia", "Malaisie", "Malaysia", "Royal Malaysian Customs Department", "MY", "", 2, None),
    (
        "Myanmar",
        "Myanmar",
        "Republic of the Union of Myanmar",
        "Myanmar Customs Department",
        "MM",
        "",
        2,
        None,
    ),
    (
        "Lao PDR",
        "RDP lao",
        "Lao People's Democratic Republic",
        "Lao Customs Department",
        "LA",
        "Laos\nLao People's Democratic Republic",
        2,
        None,
    ),
    (
        "Philippines",
        "Philippines",
        "Republic of the Philippines",
        "Bureau of Customs",
        "PH",
        "",
        2,
        None,
    ),
    ("Singapore", "Singapour", "Republic of Singapore", "Singapore Customs", "SG", "", 2, None),
    ("Thailand", "Thaïlande", "Kingdom of Thailand", "Thai Customs Department", "TH", "", 2, None),
    (
        "Viet Nam",
        "Viet Nam",
        "Socialist Republic of Viet Nam",
        "General Department of Viet Nam Customs",
        "VN",
        "Vietnam",
        2,
        None,
    ),
    (
        "Australia",
        "Australie",
        "Commonwealth of Australia",
        "Australian Border Force",
        "AU",
        "",
        3,
        None,
    ),
    ("Fiji", "Fidji", "Republic of Fiji", "Fiji Revenue and Customs Service", "FJ", "", 3, None),
    (
        "New Zealand",
        "Nouvelle-Zélande",
        "New Zealand",
        "New Zealand Customs Service",
        "NZ",
        "",
        3,
        None,
    ),
    (
        "Papua New Guinea",
        "Papouasie-Nouvelle-Guinée",
        "Independent State of Papua New Guinea",
        "Papua New Guinea Customs Service",
        "PG",
        "PNG",
        3,
        None,
    ),
    (
        "Samoa",
        "Samoa",
        "Independent State of Samoa",
        "Ministry of Customs and Revenue",
        "WS",
        "",
        3,
        None,
    ),
    (
        "Timor-Leste",
        "Timor-Leste",
        "Democratic Republic of Timor-Leste",
        "Customs Authority",
        "TL",
        "East Timor",
        3,
        None,
    ),
    ("Tonga", "Tonga", "Kingdom of Tonga", "Ministry of Revenue and Customs", "TO", "", 3, None),
    (
        "Vanuatu",
        "Vanuatu",
        "Republic of Vanuatu",
        "Department of Customs and Inland Revenue",
        "VU",
        "",
        3,
        None,
    ),
    (
        "Solomon Islands",
        "Îles Salomon",
        "Solomon Islands",
        "Customs and Excise Division",
        "SB",
        "",
        3,
        D(2023, 1, 1),
    ),
    (
        "Palau",
        "Palaos",
        "Republic of Palau",
        "Division of Customs and Border Protection",
        "PW",
        "",
        3,
        D(2024, 2, 1),
    ),
]

# slug, kind, name (en), name (fr), short name, city, established on
ENTITIES = [
    (
        "vice-chair",
        Entity.Kind.VICE_CHAIR_OFFICE,
        "Office of the Vice-Chair",
        "Bureau de la Vice-présidence",
        "Vice-Chair",
        "",
        None,
    ),
    (
        "rocb",
        Entity.Kind.ROCB,
        "Regional Office for Capacity Building Asia/Pacific",
        "Bureau régional de renforcement des capacités Asie/Pacifique",
        "ROCB A/P",
        "Bangkok",
        D(2004, 1, 1),
    ),
    (
        "rilo",
        Entity.Kind.RILO,
        "Regional Intelligence Liaison Office Asia/Pacific",
        "Bureau régional de liaison chargé du renseignement Asie/Pacifique",
        "RILO A/P",
        "Seoul",
        D(1987, 1, 1),
    ),
    (
        "rtc",
        Entity.Kind.RTC,
        "Regional Training Centres",
        "Centres régionaux de formation",
        "RTCs",
        "",
        None,
    ),
    (
        "laboratories",
        Entity.Kind.LABORATORY,
        "Regional Customs Laboratories",
        "Laboratoires régionaux des douanes",
        "Laboratories",
        "",
        None,
    ),
    (
        "rpsg",
        Entity.Kind.RPSG,
        "Regional Private Sector Group Asia/Pacific",
        "Groupe régional du secteur privé Asie/Pacifique",
        "RPSG A/P",
        "",
        None,
    ),
]

ENTITY_SHORT_NAMES_FR = {
    "vice-chair": "Vice-présidence",
    "rocb": "BRRC A/P",
    "rilo": "BRLR A/P",
    "rtc": "CRF",
    "laboratories": "Laboratoires",
    "rpsg": "GRSP A/P",
}

# Shared by every region: one record, kept by the platform administrator (decision 0019).
SHARED_ORGANISATIONS = [
    ("wco", Organisation.Kind.WCO, "WCO Secretariat", "Secrétariat de l'OMD", "WCO"),
]

ORGANISATIONS = [
    (
        "oco",
        Organisation.Kind.PARTNER,
        "Oceania Customs Organisation",
        "Organisation douanière d'Océanie",
        "OCO",
    ),
    (
        "demo-forwarders",
        Organisation.Kind.PRIVATE,
        "Demo Freight Forwarders Association",
        "Association de transitaires (démo)",
        "",
    ),
    (
        "demo-express",
        Organisation.Kind.PRIVATE,
        "Demo Express Carriers Council",
        "Conseil des transporteurs express (démo)",
        "",
    ),
]

# slug, name (en), name (fr), entity slug, body (en), holder kind, seats, months, start month
POSTS = [
    (
        "vice-chair",
        "Vice-Chair",
        "Vice-présidence",
        "vice-chair",
        "WCO Council and Policy Commission",
        Post.HolderKind.MEMBER,
        1,
        24,
        7,
    ),
    (
        "rocb-host",
        "Host of ROCB A/P",
        "Hôte du BRRC A/P",
        "rocb",
        "",
        Post.HolderKind.MEMBER,
        1,
        None,
        None,
    ),
    (
        "rilo-host",
        "Host of RILO A/P",
        "Hôte du BRLR A/P",
        "rilo",
        "",
        Post.HolderKind.MEMBER,
        1,
        None,
        None,
    ),
    (
        "rtc",
        "Regional Training Centre",
        "Centre régional de formation",
        "rtc",
        "",
        Post.HolderKind.MEMBER,
        12,
        None,
        None,
    ),
    (
        "laboratory",
        "Regional Customs Laboratory",
        "Laboratoire régional des douanes",
        "laboratories",
        "",
        Post.HolderKind.MEMBER,
        10,
        None,
        None,
    ),
    (
        "rpsg-member",
        "RPSG member",
        "Membre du GRSP",
        "rpsg",
        "",
        Post.HolderKind.ORGANISATION,
        30,
        None,
        None,
    ),
    (
        "policy-commission",
        "Policy Commission seat",
        "Siège à la Commission de politique générale",
        None,
        "WCO Policy Commission",
        Post.HolderKind.MEMBER,
        5,
        None,
        7,
    ),
    (
        "finance-committee",
        "Finance Committee seat",
        "Siège au Comité financier",
        None,
        "WCO Finance Committee",
        Post.HolderKind.MEMBER,
        4,
        None,
        7,
    ),
    (
        "audit-committee",
        "Audit Committee seat",
        "Siège au Comité d'audit",
        None,
        "WCO Audit Committee",
        Post.HolderKind.MEMBER,
        1,
        None,
        7,
    ),
]

# post slug, holder, from, to, note
HOLDINGS = [
    ("vice-chair", "India", D(2018, 7, 1), D(2020, 6, 30), ""),
    ("vice-chair", "Indonesia", D(2020, 7, 1), D(2022, 6, 30), ""),
    ("vice-chair", "Australia", D(2022, 7, 1), D(2024, 6, 30), ""),
    ("vice-chair", "Hong Kong China", D(2024, 7, 1), D(2026, 6, 30), ""),
    ("rocb-host", "Thailand", D(2004, 1, 1), None, "Host since 2004 (month not recorded)"),
    ("rilo-host", "Korea", D(2012, 1, 1), None, "Seoul, since 2012 (month not recorded)"),
    *(
        ("rtc", m, D(2020, 10, 1), None, "Designated by October 2020; earlier date not recorded")
        for m in ("China", "Fiji", "Hong Kong China", "India", "Japan", "Korea", "Malaysia")
    ),
    ("rtc", "Indonesia", D(2021, 1, 1), None, "Designated in 2021 (month not recorded)"),
    ("rtc", "Thailand", D(2022, 1, 1), None, "Designated in 2022 (month not recorded)"),
    *(
        ("laboratory", m, D(2021, 1, 1), None, "Listed in 2021; earlier date not recorded")
        for m in ("China", "India", "Indonesia", "Japan", "Korea")
    ),
    ("rpsg-member", "demo-forwarders", D(2021, 4, 1), None, "Demo organisation"),
    ("rpsg-member", "demo-express", D(2021, 4, 1), None, "Demo organisation"),
]

# email, name, position, affiliation (Member short name, entity slug or organisation slug),
# role kind; the demo accounts share DEMO_PASSWORD
ACCOUNTS = [
    (
        "secretariat@demo.example.org",
        "Ms",
        "Ratna Sari",
        "Regional secretariat officer",
        ("member", "Indonesia"),
        Role.Kind.SECRETARIAT,
    ),
    (
        "cp.indonesia@demo.example.org",
        "Mr",
        "Budi Santoso",
        "Regional contact point",
        ("member", "Indonesia"),
        Role.Kind.CONTACT_POINT,
    ),
    (
        "cp.australia@demo.example.org",
        "Ms",
        "Olivia Grant",
        "Regional contact point",
        ("member", "Australia"),
        Role.Kind.CONTACT_POINT,
    ),
    (
        "head.japan@demo.example.org",
        "Mr",
        "Kenji Sato",
        "Director-General, Customs",
        ("member", "Japan"),
        Role.Kind.HEAD_OF_CUSTOMS,
    ),
    (
        "rocb@demo.example.org",
        "Ms",
        "Malee Chaiyaporn",
        "Programme officer",
        ("entity", "rocb"),
        Role.Kind.ENTITY_OFFICER,
    ),
    (
        "vicechair@demo.example.org",
        "Mr",
        "Agus Wibowo",
        "Officer, Vice-Chair's office",
        ("entity", "vice-chair"),
        Role.Kind.ENTITY_OFFICER,
    ),
    (
        "rilo@demo.example.org",
        "Ms",
        "Ji-yeon Park",
        "Intelligence analyst",
        ("entity", "rilo"),
        Role.Kind.ENTITY_OFFICER,
    ),
    (
        "observer.wco@demo.example.org",
        "Mr",
        "Jean Dupont",
        "Regional affairs",
        ("organisation", "wco"),
        Role.Kind.OBSERVER,
    ),
]
ADMIN_EMAIL = "admin@demo.example.org"

# Public figures named in the seed news item: contacts, without accounts.
PUBLIC_FIGURES = [
    (
        "Mr",
        "Heru Pambudi",
        "Director General, Customs and Excise",
        ("member", "Indonesia"),
        Role.Kind.HEAD_OF_CUSTOMS,
        D(2020, 1, 1),
        D(2021, 12, 31),
    ),
]
# The WCO's own people, shared by every region as its Secretariat is: no role in a region.
SHARED_PEOPLE = [("Dr", "Kunio Mikuriya", "Secretary General", ("organisation", "wco"))]
# Their positions in French, for the French edition of the news item.
POSITIONS_FR = {
    "Heru Pambudi": "Directeur général des douanes et accises",
    "Kunio Mikuriya": "Secrétaire général de l'OMD",
}
ROLES_FROM = D(2020, 1, 1)


def _affiliation(region, kind, key):
    if kind == "member":
        return {"member": Member.objects.get(region=region, short_name_en=key)}
    if kind == "organisation":  # the region's own, or one every region shares
        found = Organisation.objects.for_region(region).filter(slug=key).order_by("shared")
        return {kind: found.first()}
    return {kind: Entity.objects.get(region=region, slug=key)}


def load_shared():
    """The bodies every region shares (the WCO Secretariat, its Secretary General)."""
    for slug, kind, name_en, name_fr, short in SHARED_ORGANISATIONS:
        if not Organisation.objects.filter(shared=True, slug=slug).exists():
            services.organisation_create(
                region=None,
                by=SYSTEM,
                slug=slug,
                kind=kind,
                name_en=name_en,
                name_fr=name_fr,
                short_name_en=short,
            )
    for honorific, name, position, (kind, key) in SHARED_PEOPLE:
        if not Person.objects.filter(shared=True, name=name).exists():
            services.person_create(
                region=None,
                by=SYSTEM,
                honorific=honorific,
                name=name,
                position_en=position,
                position_fr=POSITIONS_FR.get(name, ""),
                **{kind: Organisation.objects.get(shared=True, slug=key)},
            )


@transaction.atomic
def load() -> Region:
    """Create what is missing; never change or remove what is there (run it twice: same data)."""
    load_shared()
    region = Region.objects.filter(slug=REGION["slug"]).first()
    if region is None:
        region = services.region_create(by=SYSTEM, **REGION)
    subs = []
    for order, (en, fr) in enumerate(SUB_REGIONS):
        sub = SubRegion.objects.filter(region=region, name_en=en).first()
        subs.append(
            sub
            or services.sub_region_create(
                region=region, by=SYSTEM, name_en=en, name_fr=fr, order=order
            )
        )
    for short_en, short_fr, official, admin, code, aliases, sub, joined in MEMBERS:
        if not region.members.filter(short_name_en=short_en).exists():
            services.member_create(
                region=region,
                by=SYSTEM,
                short_name_en=short_en,
                short_name_fr=short_fr,
                official_name_en=official,
                administration_en=admin,
                country_code=code,
                aliases=aliases,
                sub_region=subs[sub],
                joined_on=joined,
            )
    for slug, kind, name_en, name_fr, short, city, established in ENTITIES:
        if not region.entities.filter(slug=slug).exists():
            services.entity_create(
                region=region,
                by=SYSTEM,
                slug=slug,
                kind=kind,
                name_en=name_en,
                name_fr=name_fr,
                short_name_en=short,
                short_name_fr=ENTITY_SHORT_NAMES_FR[slug],
                city=city,
                established_on=established,
                order=len(region.entities.all()),
            )
    for slug, kind, name_en, name_fr, short in ORGANISATIONS:
        if not region.organisations.filter(slug=slug).exists():
            services.organisation_create(
                region=region,
                by=SYSTEM,
                slug=slug,
                kind=kind,
                name_en=name_en,
                name_fr=name_fr,
                short_name_en=short,
            )
    for order, (slug, en, fr, entity, body, holder, seats, months, month) in enumerate(POSTS):
        if not region.posts.filter(slug=slug).exists():
            services.post_create(
                region=region,
                by=SYSTEM,
                slug=slug,
                name_en=en,
                name_fr=fr,
                body_en=body,
                entity=region.entities.get(slug=entity) if entity else None,
                holder_kind=holder,
                seat_count=seats,
                term_months=months,
                term_start_month=month,
                order=order,
            )
    _load_holdings(region)
    _load_people(region)
    meetings.load(region)
    plans.load(region)
    decisions.load(region)
    practices.load(region)
    records.load(region)  # after the decisions: the record states them
    gallery_demo.load(region)  # the joint session's photos, before the news item that shows them
    # Last: the news item links the joint session's gallery when the gallery demo made one.
    publishing_demo.load(region)
    return region


def _load_holdings(region):
    for post_slug, holder_key, start, end, note in HOLDINGS:
        post = region.posts.get(slug=post_slug)
        kind = "organisation" if post.holder_kind == Post.HolderKind.ORGANISATION else "member"
        holder = _affiliation(region, kind, holder_key)[kind]
        if not Holding.objects.filter(post=post, starts_on=start, **{kind: holder}).exists():
            services.holding_start(
                post=post, holder=holder, starts_on=start, ends_on=end, note=note, by=SYSTEM
            )


def _person(region, honorific, name, position, affiliation, email=""):
    # A demo account's person is found by its sign-in: their contact point may have renamed
    # them or changed their contact address since.
    people = Person.objects.filter(region=region)
    person = (email and people.filter(user__email=email).first()) or people.filter(
        name=name
    ).first()
    if person is None:
        person = services.person_create(
            region=region,
            by=SYSTEM,
            honorific=honorific,
            name=name,
            position_en=position,
            position_fr=POSITIONS_FR.get(name, ""),
            email=email,
            **_affiliation(region, *affiliation),
        )
    return person


def _role(person, kind, starts_on, ends_on=None):
    scope_field = Role.SCOPE[kind]
    scope = {scope_field: getattr(person, scope_field)} if scope_field else {}
    if not person.roles.filter(kind=kind).exists():
        services.role_assign(
            person=person, kind=kind, starts_on=starts_on, ends_on=ends_on, by=SYSTEM, **scope
        )


def _load_people(region):
    for honorific, name, position, affiliation, kind, start, end in PUBLIC_FIGURES:
        _role(_person(region, honorific, name, position, affiliation), kind, start, end)
    for email, honorific, name, position, affiliation, kind in ACCOUNTS:
        person = _person(region, honorific, name, position, affiliation, email)
        if person.user is None:
            person.user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, time_zone=region.time_zone
            )
            person.save(update_fields=["user"])
        _role(person, kind, ROLES_FROM)
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(email=ADMIN_EMAIL, password=DEMO_PASSWORD)


def accounts_table(region) -> list[tuple[str, str]]:
    """(email, role and affiliation) of each demo account, for the demo command to print."""
    rows = []
    for email, _h, _n, _p, (kind, key), role in ACCOUNTS:
        affiliation = _affiliation(region, kind, key)[kind]
        rows.append((email, f"{Role.Kind(role).label} — {affiliation.display}"))
    return [*rows, (ADMIN_EMAIL, "Administrator (Django admin)")]
