"""Demo COVID-19 practices of A/P Members and the HS reference list (run twice: same data).

The practices are written for the demo (and marked so): the seed only says that the Heads
"exchanged their views on how to keep their Customs administrations operating while
combating COVID-19". The HS rows are the examples DOMAIN.md gives from the WCO/WHO
reference (indicative, 6-digit, HS 2017).
"""

import datetime

from django.db import transaction

from secretariat.accounts.models import User
from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.practices import services
from secretariat.practices.models import Practice, ReferenceList
from secretariat.search.index import reindex

FACILITATING, ECONOMY, STAFF, SOCIETY = 1, 2, 3, 4

# Member (short name), keeper's email (None: the administrator), category, visibility,
# status, effective from, title, summary, body, tags
PRACTICES = [
    (
        "Indonesia",
        "cp.indonesia@demo.example.org",
        FACILITATING,
        Visibility.PUBLIC,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 3, 20),
        "Green lane for COVID-19 relief consignments",
        "Relief goods and medical supplies are released on arrival, documents checked after.",
        "Consignments of **test kits**, protective garments and vaccines addressed to "
        "hospitals and relief agencies are released on arrival; documents may follow within "
        "30 days. A 24/7 help desk answers importers.",
        "relief, medical supplies, release",
    ),
    (
        "Indonesia",
        "cp.indonesia@demo.example.org",
        STAFF,
        Visibility.MEMBERS,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 4, 1),
        "Split teams and remote working for customs officers",
        "Officers work in two teams that never meet, and from home where the work allows.",
        "Each office runs two teams on alternate weeks. Back-office work is done from home "
        "with secure access to the customs system.",
        "staff, shifts, telework",
    ),
    (
        "Australia",
        "cp.australia@demo.example.org",
        ECONOMY,
        Visibility.PUBLIC,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 4, 15),
        "Deferred payment of duties for affected businesses",
        "Importers hit by the pandemic may defer duty and tax payments for up to 90 days.",
        "Businesses apply online; approval is automatic under a set turnover. Interest "
        "charges are waived during the deferral.",
        "duties, deferral, businesses",
    ),
    (
        "Australia",
        "cp.australia@demo.example.org",
        SOCIETY,
        Visibility.MEMBERS,
        Practice.Status.LIFTED,
        datetime.date(2020, 3, 25),
        "Border controls on counterfeit and sub-standard medical goods",
        "Targeted checks on face masks, sanitisers and test kits sold as genuine.",
        "Risk profiles flag consignments of **face masks** and hand sanitisers from new "
        "suppliers; samples go to the laboratory. Lifted when supply returned to normal.",
        "counterfeit, masks, enforcement",
    ),
    (
        "Japan",
        "head.japan@demo.example.org",
        FACILITATING,
        Visibility.MEMBERS,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 5, 11),
        "Electronic submission of certificates of origin",
        "Certificates of origin are accepted as scanned copies sent electronically.",
        "Originals are no longer required at clearance while couriers are disrupted.",
        "origin, paperless",
    ),
    (
        "Thailand",
        None,
        ECONOMY,
        Visibility.PUBLIC,
        Practice.Status.PLANNED,
        datetime.date(2021, 1, 1),
        "Single window extended to all permits for essential goods",
        "Every permit for essential goods will be applied for through the national single window.",
        "The permit agencies join the single window in stages; traders follow one procedure.",
        "single window, permits",
    ),
    (
        "Korea",
        None,
        SOCIETY,
        Visibility.MEMBERS,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 3, 9),
        "Export controls on face masks",
        "Face mask exports are limited to a share of daily production.",
        "Manufacturers report their production daily; exports above the share are refused.",
        "export restriction, masks",
    ),
    (
        "Fiji",
        None,
        STAFF,
        Visibility.PUBLIC,
        Practice.Status.IN_FORCE,
        datetime.date(2020, 3, 30),
        "Protective equipment and screening for boarding officers",
        "Officers boarding vessels wear protective equipment and are screened daily.",
        "Boarding is limited to two officers; crews are questioned by radio first.",
        "boarding, protective equipment",
    ),
]

HS_ROWS = [
    ("Test kits and diagnostic apparatus", "3822.00", "PCR reagents (diagnostic reagents)", ""),
    (
        "Test kits and diagnostic apparatus",
        "3002.15",
        "Immunological test reagents, put up in measured doses or for retail sale",
        "",
    ),
    (
        "Test kits and diagnostic apparatus",
        "9027.80",
        "Instruments and apparatus for physical or chemical analysis",
        "",
    ),
    (
        "Test kits and diagnostic apparatus",
        "3821.00",
        "Swab and transport-medium sets (prepared culture media)",
        "",
    ),
    ("Protective garments", "6307.90", "Face masks of textile materials", "Indicative"),
    ("Thermometers", "9025.19", "Clinical thermometers, not combined with other instruments", ""),
    ("Disinfectants and sterilisation", "3808.94", "Disinfectants put up for retail sale", ""),
]


@transaction.atomic
def load(region) -> None:
    themes = services.themes_seed_covid(region=region, by=SYSTEM)
    if Practice.objects.filter(region=region, is_demo=True).exists():
        return
    from .asia_pacific import ADMIN_EMAIL  # asia_pacific imports this module

    admin = User.objects.get(email=ADMIN_EMAIL)
    for row in PRACTICES:
        member_name, email, category, visibility, status, since, title, summary, body, tags = row
        practice_keeper = User.objects.get(email=email) if email else admin
        practice = services.practice_create(
            member=region.members.get(short_name_en=member_name),
            by=practice_keeper,
            themes=[themes[category]],
            title=title,
            summary=summary,
            body=body,
            tags=tags,
            status=status,
            visibility=visibility,
            effective_from=since,
            language="en",
            is_demo=True,
        )
        services.practice_submit(practice=practice, by=practice_keeper)
    # One draft, seen only by Indonesia's contact point and Head of Customs.
    services.practice_create(
        member=region.members.get(short_name_en="Indonesia"),
        by=User.objects.get(email="cp.indonesia@demo.example.org"),
        themes=[themes[FACILITATING]],
        title="Pre-arrival processing for vaccine shipments (draft)",
        summary="Vaccine shipments processed before arrival, released at the aircraft.",
        is_demo=True,
    )
    first = Practice.objects.filter(region=region, is_demo=True).order_by("pk").first()
    services.practice_feature(practice=first, by=admin, featured=True)
    _load_hs_reference(region, admin)
    # The loader writes some meetings, documents and records around their services:
    # everything it loaded is searchable from the start.
    reindex()


def _load_hs_reference(region, admin):
    if ReferenceList.objects.filter(region=region, slug="hs-covid-19").exists():
        return
    reference_list = services.reference_list_create(
        region=region,
        by=admin,
        slug="hs-covid-19",
        title_en="HS classification reference for COVID-19 medical supplies",
        title_fr="Référence de classement SH pour les fournitures médicales COVID-19",
        description="Indicative, at 6-digit level, by category (WCO/WHO). Demo extract: "
        "check the current reference before relying on a code.",
        hs_edition="2017",
        visibility=Visibility.PUBLIC,
    )
    services.reference_rows_replace(
        reference_list=reference_list,
        by=admin,
        rows=[
            {"category": c, "hs_code": code, "description": d, "notes": n}
            for c, code, d, n in HS_ROWS
        ],
    )
