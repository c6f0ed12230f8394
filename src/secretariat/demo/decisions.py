"""Demo decisions and nominations of Asia/Pacific (run twice: same data).

From the seed: the Joint Session of 12 November 2020 "endorsed several decisions ...,
including the pending issue of nominations for representatives at WCO regional
entities, based on proposals by several Members", and heard the activity reports of the
Vice-Chair, ROCB A/P and RILO A/P. Which Members proposed whom is not public: the
decision is tabled by the Vice-Chair's office and names no one. The open call for the
Policy Commission seats and the silence procedure are demo data, clearly in the future.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.permissions import SYSTEM
from secretariat.decisions import services
from secretariat.decisions.models import Proposal, Vote
from secretariat.meetings.models import AgendaItem
from secretariat.nominations import services as nominations
from secretariat.nominations.models import Call, EligibilityRule
from secretariat.plans import services as plans
from secretariat.plans.models import Plan

NOMINATIONS = (
    "Nominations of representatives at WCO regional entities",
    "Désignation des représentants aux entités régionales de l'OMD",
    "On proposals by several Members, the Joint Session endorses the nominations of the "
    "region's representatives at WCO regional entities, pending since the postponed 21st "
    "RHCAC.",
    "Sur proposition de plusieurs Membres, la Session conjointe approuve la désignation des "
    "représentants de la région aux entités régionales de l'OMD, en suspens depuis le report "
    "de la 21e CRCAD.",
)

# agenda item title (English), tabled by (entity slug)
REPORTS = [
    ("Activity report of the Vice-Chair", "vice-chair"),
    ("Activity report of ROCB A/P", "rocb"),
    ("Activity report of RILO A/P", "rilo"),
]

# The 2020–2022 plan's endorsement ("the Joint Session of 12 November 2020" in its record),
# taken under the agenda item that updated the session on both plans.
PLAN_ITEM = "The 2020–2022 Regional Strategic Plan and progress with the 2018–2020 Plan"
PLAN_ENDORSED = (
    "Regional Strategic Plan 2020–2022",
    "Plan stratégique régional 2020-2022",
    "The Joint Session endorses the Regional Strategic Plan 2020–2022 and takes note of "
    "progress with the implementation of the 2018–2020 Plan.",
    "La Session conjointe approuve le Plan stratégique régional 2020-2022 et prend acte de "
    "l'avancement de la mise en œuvre du Plan 2018-2020.",
)

SILENCE = (
    "Dates and venue of the 28th RHCAC",
    "Dates et lieu de la 28e CRCAD",
    "The 28th RHCAC is held in person in Bangkok on 1 and 2 April 2027.",
    "La 28e CRCAD se tient en présentiel à Bangkok les 1er et 2 avril 2027.",
)

PC_NOMINEES = [
    ("Indonesia", "Indonesia has served the region as Vice-Chair and offers its experience."),
    ("Australia", "Australia offers continuity with its work for the region since 2022."),
    ("Japan", "Japan offers its support to the region's voice in the Policy Commission."),
]


@transaction.atomic
def load(region):
    joint = AgendaItem.objects.filter(session__region=region, title_en__startswith="Nominations")
    item = joint.select_related("meeting__series").first()
    if item is None:
        return
    if not Proposal.objects.filter(region=region, title_en=NOMINATIONS[0]).exists():
        _decide_at(item, *NOMINATIONS, entity="vice-chair", outcome="endorsed")
    session = item.session
    for title, entity in REPORTS:
        report = session.agenda.select_related("meeting__series").get(title_en=title)
        if not Proposal.objects.filter(region=region, agenda_item=report).exists():
            fr = report.title_fr
            _decide_at(
                report,
                f"{title}: noted",
                f"{fr} : pris acte",
                f"The Joint Session takes note of the {title[0].lower()}{title[1:]}.",
                f"La Session conjointe prend acte du {fr[0].lower()}{fr[1:]}.",
                entity=entity,
                outcome="noted",
            )
    _plan_endorsed(session)
    _closed_vote(session)
    _silence_procedure(region, item.meeting.series)
    _policy_commission_call(region)


def _decide_at(item, title_en, title_fr, text_en, text_fr, *, entity, outcome):
    proposal = services.proposal_create(
        region=item.session.region,
        by=SYSTEM,
        series=item.meeting.series,
        meeting=item.meeting,
        agenda_item=item,
        title_en=title_en,
        title_fr=title_fr,
        text_en=text_en,
        text_fr=text_fr,
        entity=item.session.region.entities.get(slug=entity),
    )
    services.proposal_table(proposal=proposal, by=SYSTEM)
    return services.proposal_decide(proposal=proposal, by=SYSTEM, outcome=outcome)


def _plan_endorsed(session):
    plan = Plan.objects.filter(region=session.region, slug="rsp-2020-2022").first()
    if plan is None or plan.endorsing_decision_id:
        return
    item = session.agenda.select_related("meeting__series").get(title_en=PLAN_ITEM)
    decision = _decide_at(item, *PLAN_ENDORSED, entity="vice-chair", outcome="endorsed")
    plans.plan_update(plan=plan, by=SYSTEM, endorsing_decision=decision)


PRIORITIES = (
    "Regional priorities for 2021: e-commerce and trade facilitation",
    "Priorités régionales pour 2021 : commerce électronique et facilitation des échanges",
    "The region makes e-commerce and trade facilitation its priorities for 2021.",
    "La région fait du commerce électronique et de la facilitation des échanges ses "
    "priorités pour 2021.",
)
# The present delegations' votes, cast by their demo accounts: a named vote, closed.
PRIORITY_VOTES = {
    "cp.indonesia@demo.example.org": ("Indonesia", "yes"),
    "cp.australia@demo.example.org": ("Australia", "yes"),
    "head.japan@demo.example.org": ("Japan", "abstain"),
}


def _closed_vote(session):
    region = session.region
    if Proposal.objects.filter(region=region, title_en=PRIORITIES[0]).exists():
        return
    item = session.agenda.select_related("meeting__series").get(
        title_en="Regional priorities and strategies"
    )
    en, fr, text_en, text_fr = PRIORITIES
    proposal = services.proposal_create(
        region=region,
        by=SYSTEM,
        series=item.meeting.series,
        meeting=item.meeting,
        agenda_item=item,
        title_en=en,
        title_fr=fr,
        text_en=text_en,
        text_fr=text_fr,
        secretariat=True,
    )
    vote = services.vote_open(proposal=proposal, by=SYSTEM, mode=Vote.Mode.MEETING)
    for email, (member, choice) in PRIORITY_VOTES.items():
        services.vote_cast(
            vote=vote,
            member=region.members.get(short_name_en=member),
            choice=choice,
            by=User.objects.get(email=email),
        )
    decision = services.vote_close(vote=vote, by=SYSTEM)
    _follow_up(decision)


def _follow_up(decision):
    """The priorities' follow-up (demo data): circulated by the secretariat, and a programme
    ROCB A/P is preparing, due in the future."""
    done = services.action_add(
        decision=decision,
        by=SYSTEM,
        text_en="Circulate the adopted priorities to the Members",
        text_fr="Diffuser aux Membres les priorités adoptées",
        due_on=datetime.date(2020, 12, 15),
    )
    services.action_report(
        action=done, by=SYSTEM, status="done", note="Circulated on 20 November 2020."
    )
    working = services.action_add(
        decision=decision,
        by=SYSTEM,
        text_en="Propose a capacity-building programme on e-commerce",
        text_fr="Proposer un programme de renforcement des capacités sur le commerce électronique",
        entity=decision.region.entities.get(slug="rocb"),
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    services.action_report(
        action=working, by=SYSTEM, status="in_progress", note="A first outline is with the RTCs."
    )


def _silence_procedure(region, series):
    if Proposal.objects.filter(region=region, title_en=SILENCE[0]).exists():
        return
    en, fr, text_en, text_fr = SILENCE
    proposal = services.proposal_create(
        region=region,
        by=SYSTEM,
        series=series,
        title_en=en,
        title_fr=fr,
        text_en=text_en,
        text_fr=text_fr,
        secretariat=True,
    )
    services.vote_open(
        proposal=proposal,
        by=SYSTEM,
        mode=Vote.Mode.SILENCE,
        deadline=timezone.now() + datetime.timedelta(days=14),
    )


def _policy_commission_call(region):
    post = region.posts.get(slug="policy-commission")
    EligibilityRule.objects.get_or_create(post=post, kind=EligibilityRule.Kind.CURRENT_MEMBER)
    if Call.objects.filter(post=post).exists():
        return
    call = nominations.call_open(
        post=post,
        by=SYSTEM,
        deadline=datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC),
        term_starts_on=datetime.date(2027, 7, 1),
        term_ends_on=datetime.date(2029, 6, 30),
        seats=post.seat_count,
    )
    for name, statement in PC_NOMINEES:
        member = region.members.get(short_name_en=name)
        nominations.nomination_propose(
            call=call, by=SYSTEM, proposed_by=member, nominee=member, statement=statement
        )
