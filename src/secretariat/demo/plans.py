"""The Asia/Pacific demo's strategic plans: 2018–2020 at its end, 2020–2022 at its start.

DOMAIN.md gives the plans' periods and how they work, not their content: the focus
areas, objectives, indicators and every figure below are demo data, said so on the
plans' pages. The 2020–2022 plan is drafted from the 2018–2020 one by the same service
the secretariat uses, so its unfinished objectives are carried over as they would be.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from secretariat.accounts.models import User
from secretariat.activity_reports import services as reports
from secretariat.core.permissions import SYSTEM
from secretariat.documents.demo import tiny_pdf
from secretariat.meetings.models import AgendaItem
from secretariat.plans import services
from secretariat.plans.models import Activity, Evidence, Indicator, Plan

D = datetime.date
DEMO_NOTE_EN = (
    "Demo data: the focus areas, indicators and figures of this plan are illustrative, "
    "not the region's."
)
DEMO_NOTE_FR = (
    "Données de démonstration : les axes, indicateurs et chiffres de ce plan sont "
    "illustratifs et ne sont pas ceux de la région."
)
SECRETARIAT = "secretariat@demo.example.org"
CP_INDONESIA = "cp.indonesia@demo.example.org"
ROCB_OFFICER = "rocb@demo.example.org"
OFFICERS = {
    "vice-chair": "vicechair@demo.example.org",
    "rocb": ROCB_OFFICER,
    "rilo": "rilo@demo.example.org",
}

FOCUS_AREAS = [
    (1, "Facilitating legitimate trade", "Faciliter le commerce légitime"),
    (2, "Enforcement and compliance", "Lutte contre la fraude et conformité"),
    (
        3,
        "Capacity building and organisational development",
        "Renforcement des capacités et développement organisationnel",
    ),
]

# focus area, number, title (en), title (fr), coordinator ("member"|"entity", key),
# activities [(title, status)], indicators:
# (code, title, unit, baseline, direction, targets per period, approved values per period)
OBJECTIVES_2018 = [
    (
        1,
        "1.1",
        "Implement the WTO Trade Facilitation Agreement",
        "Mettre en œuvre l'Accord de l'OMC sur la facilitation des échanges",
        ("member", "Japan"),
        [("Regional workshop on single windows", Activity.Status.DONE)],
        [
            (
                "1.1.a",
                "Members with a national single window in operation",
                "Members",
                14,
                "up",
                (18, 22),
                (18, 22),
            )
        ],
    ),
    (
        1,
        "1.2",
        "Extend mutual recognition of Authorised Economic Operators",
        "Étendre la reconnaissance mutuelle des opérateurs économiques agréés",
        ("member", "Korea"),
        [("AEO mutual recognition roadmap", Activity.Status.UNDER_WAY)],
        [
            (
                "1.2.a",
                "AEO mutual recognition arrangements among Members",
                "arrangements",
                20,
                "up",
                (24, 28),
                (23, 25),
            )
        ],
    ),
    (
        2,
        "2.1",
        "Share enforcement intelligence through the RILO network",
        "Partager le renseignement par le réseau du BRLR",
        ("entity", "rilo"),
        [("CEN data quality checks", Activity.Status.DONE)],
        [
            (
                "2.1.a",
                "Members feeding seizure data into CEN",
                "Members",
                20,
                "up",
                (25, 30),
                (26, 31),
            )
        ],
    ),
    (
        2,
        "2.2",
        "Strengthen risk-based post-clearance audit",
        "Renforcer le contrôle a posteriori fondé sur les risques",
        ("member", "Australia"),
        [("Post-clearance audit diagnostic missions", Activity.Status.UNDER_WAY)],
        [
            (
                "2.2.a",
                "Members with a risk-based post-clearance audit programme",
                "Members",
                18,
                "up",
                (21, 24),
                (20, 22),
            )
        ],
    ),
    (
        3,
        "3.1",
        "Train officials through regional workshops",
        "Former les agents par des ateliers régionaux",
        ("entity", "rocb"),
        [("Annual ROCB workshop programme", Activity.Status.DONE)],
        [
            (
                "3.1.a",
                "Officials trained through regional workshops",
                "officials",
                0,
                "up",
                (400, 800),
                (450, 820),
            )
        ],
    ),
    (
        3,
        "3.2",
        "Reduce release times",
        "Réduire les délais de mainlevée",
        ("member", "Indonesia"),
        [("Time Release Study in each sub-region", Activity.Status.UNDER_WAY)],
        [
            (
                "3.2.a",
                "Average release time for imports",
                "days",
                Decimal("5.0"),
                "down",
                (Decimal("4.5"), Decimal("4.0")),
                (Decimal("4.6"), Decimal("4.3")),
            )
        ],
    ),
]

# New in 2020–2022: (focus area, number, en, fr, coordinator, indicators as above)
NEW_AREA_2020 = (4, "Responding to COVID-19", "Répondre à la COVID-19")
OBJECTIVES_2020 = [
    (
        4,
        "4.1",
        "Keep relief consignments and supply chains moving",
        "Maintenir la circulation des envois de secours et des chaînes d'approvisionnement",
        ("entity", "vice-chair"),
        [
            (
                "4.1.a",
                "Members publishing COVID-19 relief-consignment procedures",
                "Members",
                10,
                "up",
                (20, 30),
            )
        ],
    ),
    (
        1,
        "1.3",
        "Cross-border e-commerce",
        "Commerce électronique transfrontalier",
        ("entity", "rocb"),
        [("1.3.a", "Members applying the WCO E-Commerce Package", "Members", 5, "up", (9, 14))],
    ),
]
# Targets of the carried-over indicators in 2020–21 and 2021–22.
CARRIED_TARGETS = {
    "1.2.a": (27, 30),
    "2.2.a": (23, 25),
    "3.2.a": (Decimal("4.1"), Decimal("3.8")),
}
# 2020–21 approved values; 2021–22 shows the workflow: one waiting, one draft.
APPROVED_2020 = {"1.2.a": 27, "2.2.a": 23, "3.2.a": Decimal("4.15"), "4.1.a": 21, "1.3.a": 7}


def _coordinator(region, key):
    if key is None:
        return {}
    kind, name = key
    if kind == "member":
        return {"coordinator_member": region.members.get(short_name_en=name)}
    return {"coordinator_entity": region.entities.get(slug=name)}


def _user(email):
    return User.objects.filter(email=email).first()


def _report(
    indicator, period, value, by, approver, *, narrative, submit=True, approve=True, upload=None
):
    update = services.progress_report(
        indicator=indicator,
        period=period,
        by=by,
        value=value,
        narrative=narrative,
        upload=upload,
        audience=Evidence.Audience.PUBLIC,
        submit=submit,
    )
    if approve:
        services.progress_approve(update=update, by=approver)
    return update


def _reporter_for(indicator):
    """The demo account who speaks for the coordinator; the other coordinators have no demo
    account, so the demo itself writes their figures."""
    if indicator.coordinator_member and indicator.coordinator_member.short_name_en == "Indonesia":
        return _user(CP_INDONESIA)
    if indicator.coordinator_entity and indicator.coordinator_entity.slug == "rocb":
        return _user(ROCB_OFFICER)
    return SYSTEM


def _plan_2018(region):
    secretariat = _user(SECRETARIAT)
    plan = services.plan_create(
        region=region,
        by=SYSTEM,
        slug="rsp-2018-2020",
        title_en="Regional Strategic Plan 2018–2020",
        title_fr="Plan stratégique régional 2018-2020",
        summary_en=DEMO_NOTE_EN,
        summary_fr=DEMO_NOTE_FR,
        starts_on=D(2018, 7, 1),
        ends_on=D(2020, 6, 30),
        status=Plan.Status.ENDORSED,
        endorsement="the Heads of Customs (demo: reference not recorded)",
        dashboard_audience=Plan.Audience.PUBLIC,
    )
    periods = [
        services.period_add(
            plan=plan, by=SYSTEM, label="2018–19", starts_on=D(2018, 7, 1), ends_on=D(2019, 6, 30)
        ),
        services.period_add(
            plan=plan, by=SYSTEM, label="2019–20", starts_on=D(2019, 7, 1), ends_on=D(2020, 6, 30)
        ),
    ]
    areas = {
        number: services.focus_area_add(
            plan=plan, by=SYSTEM, number=number, title_en=en, title_fr=fr
        )
        for number, en, fr in FOCUS_AREAS
    }
    for area, number, en, fr, coordinator, activities, indicators in OBJECTIVES_2018:
        objective = services.objective_add(
            focus_area=areas[area],
            by=SYSTEM,
            number=number,
            title_en=en,
            title_fr=fr,
            **_coordinator(region, coordinator),
        )
        for title, state in activities:
            services.activity_add(
                objective=objective,
                by=SYSTEM,
                title_en=title,
                status=state,
                **_coordinator(region, coordinator),
            )
        for code, title, unit, baseline, direction, targets, actuals in indicators:
            indicator = services.indicator_add(
                objective=objective,
                by=SYSTEM,
                code=code,
                title_en=title,
                unit=unit,
                baseline_value=baseline,
                baseline_on=D(2018, 6, 30),
                direction=direction,
                measured_by_en="Demo figure, as reported by the coordinator.",
                measured_by_fr="Chiffre de démonstration, déclaré par le coordonnateur.",
                targets=dict(zip(periods, targets, strict=True)),
                **_coordinator(region, coordinator),
            )
            for period, value in zip(periods, actuals, strict=True):
                _report(
                    indicator,
                    period,
                    value,
                    _reporter_for(indicator),
                    secretariat,
                    narrative="Demo figure.",
                )
    for period in periods:
        services.period_close(period=period, by=SYSTEM)
    services.plan_update(plan=plan, by=SYSTEM, status=Plan.Status.CLOSED)
    return plan


def _plan_2020(region, previous):
    secretariat = _user(SECRETARIAT)
    plan = services.plan_succeed(
        plan=previous,
        by=SYSTEM,
        slug="rsp-2020-2022",
        title_en="Regional Strategic Plan 2020–2022",
        title_fr="Plan stratégique régional 2020-2022",
        starts_on=D(2020, 7, 1),
        ends_on=D(2022, 6, 30),
        periods=[
            ("2020–21", D(2020, 7, 1), D(2021, 6, 30)),
            ("2021–22", D(2021, 7, 1), D(2022, 6, 30)),
        ],
    )
    services.plan_update(
        plan=plan,
        by=SYSTEM,
        summary_en=DEMO_NOTE_EN,
        summary_fr=DEMO_NOTE_FR,
        status=Plan.Status.ENDORSED,
        endorsement="the Joint Session of 12 November 2020 (demo: reference not recorded)",
    )
    periods = list(plan.periods.all())
    number, en, fr = NEW_AREA_2020
    services.focus_area_add(plan=plan, by=SYSTEM, number=number, title_en=en, title_fr=fr)
    for area, number, en, fr, coordinator, indicators in OBJECTIVES_2020:
        objective = services.objective_add(
            focus_area=plan.focus_areas.get(number=area),
            by=SYSTEM,
            number=number,
            title_en=en,
            title_fr=fr,
            **_coordinator(region, coordinator),
        )
        for code, title, unit, baseline, direction, targets in indicators:
            services.indicator_add(
                objective=objective,
                by=SYSTEM,
                code=code,
                title_en=title,
                unit=unit,
                baseline_value=baseline,
                baseline_on=D(2020, 6, 30),
                direction=direction,
                measured_by_en="Demo figure, as reported by the coordinator.",
                measured_by_fr="Chiffre de démonstration, déclaré par le coordonnateur.",
                targets=dict(zip(periods, targets, strict=True)),
                **_coordinator(region, coordinator),
            )
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(objective__focus_area__plan=plan).select_related(
            "coordinator_member", "coordinator_entity"
        )
    }
    for code, targets in CARRIED_TARGETS.items():
        for period, value in zip(periods, targets, strict=True):
            services.target_set(indicator=indicators[code], period=period, value=value, by=SYSTEM)
    for code, value in APPROVED_2020.items():
        evidence = (
            SimpleUploadedFile(
                "relief-procedures-survey.pdf",
                tiny_pdf("Relief consignment procedures (demo)", "Demo evidence file."),
            )
            if code == "4.1.a"
            else None
        )
        _report(
            indicators[code],
            periods[0],
            value,
            _reporter_for(indicators[code]),
            secretariat,
            narrative="Demo figure.",
            upload=evidence,
        )
    # The workflow at work: Indonesia's 2021–22 figure waits for the secretariat, ROCB's is
    # still a draft only ROCB sees.
    _report(
        indicators["3.2.a"],
        periods[1],
        Decimal("3.9"),
        _user(CP_INDONESIA),
        None,
        narrative="Demo figure: the 2021 Time Release Study.",
        approve=False,
    )
    _report(
        indicators["1.3.a"],
        periods[1],
        10,
        _user(ROCB_OFFICER),
        None,
        narrative="Demo figure: draft.",
        submit=False,
        approve=False,
    )
    return plan


# entity, title (en), title (fr), agenda item title, section texts (demo), linked indicators
REPORTS = [
    (
        "vice-chair",
        "Activity report of the Vice-Chair, July 2019 – June 2020",
        "Rapport d'activité de la Vice-présidence, juillet 2019 – juin 2020",
        "Activity report of the Vice-Chair",
        [
            "Demo text: the Vice-Chair represented the region at the Policy Commission and "
            "the Council, which met virtually in 2020.",
            "Demo text: the 21st RHCAC and 30th RCP, postponed by COVID-19, are held as one "
            "virtual Joint Session.",
            "Demo text: Members reported progress on the 2018–2020 plan; the 2020–2022 plan "
            "carries over its unfinished objectives.",
        ],
        ["1.2.a", "3.2.a"],
    ),
    (
        "rocb",
        "ROCB A/P activity report 2019–2020",
        "Rapport d'activité du BRRC A/P 2019-2020",
        "Activity report of ROCB A/P",
        [
            "Demo text: regional workshops moved online from March 2020.",
            "Demo text: most of the annual work plan was delivered.",
            "Demo text: donor-funded projects continued with partners.",
        ],
        ["3.1.a"],
    ),
    (
        "rilo",
        "RILO A/P activity report 2019–2020",
        "Rapport d'activité du BRLR A/P 2019-2020",
        "Activity report of RILO A/P",
        [
            "Demo text: alerts and analytical reports shared with Members.",
            "Demo text: regional enforcement operations coordinated.",
            "Demo text: CEN seizure data checked with each national contact point.",
        ],
        ["2.1.a"],
    ),
    (
        "rtc",
        "Regional Training Centres: courses 2019–2020",
        "Centres régionaux de formation : cours 2019-2020",
        "",  # submitted to the secretariat, not presented at the Joint Session
        [
            "Demo text: seven centres held **24 courses**, *nine* of them online after "
            "March 2020:\n\n- risk management\n- AEO validation\n- classification and origin",
            "Demo text: 31 of the 33 Members sent participants; the table below is demo data."
            "\n\n| Sub-region | Participants |\n| --- | --- |\n| ASEAN | 142 |\n"
            "| Far East | 96 |\n| Sub-Continent | 88 |\n| Australasia/Oceania | 51 |",
            "Demo text: more online courses, and a shared calendar of the centres.",
        ],
        ["3.1.a"],
    ),
]


def _activity_reports(region, plan):
    indicators = {i.code: i for i in Indicator.objects.filter(objective__focus_area__plan=plan)}
    for slug, title_en, title_fr, item_title, texts, codes in REPORTS:
        entity = region.entities.get(slug=slug)
        if entity.activity_reports.filter(title_en=title_en).exists():
            continue
        officer = _user(OFFICERS[slug]) if slug in OFFICERS else SYSTEM
        report = reports.report_create(
            entity=entity,
            by=officer,
            title_en=title_en,
            title_fr=title_fr,
            starts_on=D(2019, 7, 1),
            ends_on=D(2020, 6, 30),
        )
        sections = list(report.sections.all())
        reports.report_write(
            report=report,
            by=officer,
            sections={s: (t, "") for s, t in zip(sections, texts, strict=False)},
            indicators=[indicators[c] for c in codes],
        )
        reports.report_submit(report=report, by=officer)
        items = AgendaItem.objects.filter(session__region=region, title_en=item_title)
        item = items.first() if item_title else None
        if item is not None:
            reports.report_present(report=report, by=SYSTEM, agenda_item=item)


SURVEY_QUESTIONS = [
    (
        "yes_no",
        "Has your administration a national single window in operation?",
        "Votre administration dispose-t-elle d'un guichet unique national en fonctionnement ?",
        "",
    ),
    (
        "scale",
        "How useful were the regional workshops of the 2018–2020 plan?",
        "Quelle a été l'utilité des ateliers régionaux du plan 2018-2020 ?",
        "",
    ),
    (
        "number",
        "How many officials took part in regional training in 2019–20?",
        "Combien d'agents ont participé à une formation régionale en 2019-2020 ?",
        "",
    ),
    (
        "choice",
        "Is an AEO programme in place?",
        "Un programme OEA est-il en place ?",
        "Fully\nPartly\nNot yet",
    ),
    (
        "text",
        "What should the 2020–2022 plan keep or change?",
        "Que devrait garder ou changer le plan 2020-2022 ?",
        "",
    ),
]
CHOICES = ("Fully", "Partly", "Not yet")


def _survey(region, plan):
    """The questionnaire on the 2018–2020 plan, answered by 21 of the 33 Members (demo)."""
    survey = services.survey_create(
        region=region,
        by=SYSTEM,
        plan=plan,
        title_en="Implementation of the 2018–2020 Regional Strategic Plan (demo survey)",
        title_fr="Mise en œuvre du Plan stratégique régional 2018-2020 (enquête de démonstration)",
    )
    for kind, en, fr, options in SURVEY_QUESTIONS:
        services.question_add(
            survey=survey,
            by=SYSTEM,
            kind=kind,
            text_en=en,
            text_fr=fr,
            options=options,
            required=kind == "yes_no",
        )
    opened = datetime.datetime(2020, 9, 1, tzinfo=datetime.UTC)
    services.survey_open(survey=survey, by=SYSTEM, now=opened)
    questions = list(survey.questions.all())
    members = list(region.members.exclude(joined_on__gt=D(2020, 10, 31)).order_by("pk"))
    for n, member in enumerate(members[:21]):
        # Demo answers, spread by a fixed rule so that every load gives the same results.
        values = [
            "yes" if n % 3 else "no",
            str(3 + n % 3),
            str(20 + 7 * n),
            CHOICES[n % 3],
            "Demo answer: keep the workshops online." if n % 5 == 0 else "",
        ]
        services.response_save(
            survey=survey,
            member=member,
            by=SYSTEM,
            now=opened + datetime.timedelta(days=n),
            answers=dict(zip(questions, values, strict=True)),
        )
    services.survey_close(
        survey=survey, by=SYSTEM, now=datetime.datetime(2020, 10, 31, tzinfo=datetime.UTC)
    )


@transaction.atomic
def load(region):
    """Create the two plans and the survey unless the 2018–2020 plan is there; each entity's
    report unless it is there."""
    previous = Plan.objects.filter(region=region, slug="rsp-2018-2020").first()
    if previous is None:
        previous = _plan_2018(region)
        _plan_2020(region, previous)
        _survey(region, previous)
    _activity_reports(region, previous)  # each report unless it is there
