"""Every URL pattern of the project, and real addresses for them in the trust world.

`patterns()` walks `get_resolver().url_patterns` recursively, so an app's new URLs are
found without anyone listing them. `address(key, world)` fills each pattern's parameters
with objects of the world: Member A's drafts and private objects where the app has them.
"""

import re
import types

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

MISSING = 999999  # a parameter nothing in the world answers: the page must say 404, not 500


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            key = "route:" + route
            if p.name:
                key = f"{namespace}:{p.name}" if namespace else p.name
            yield key, route


def patterns() -> dict[str, str]:
    """{key: route}: the URL name with its namespace, or `route:<route>` for unnamed ones."""
    found = {}
    for key, route in _walk(get_resolver().url_patterns):
        found.setdefault(key, route)
    return found


def _pk(model, **filters):
    obj = model.objects.filter(**filters).order_by("pk").first()
    return obj.pk if obj else MISSING


def targets(world):
    """The objects the addresses point at, looked up once per module."""
    from secretariat.accounts.models import AccessToken, CalendarFeed
    from secretariat.activity_reports.models import ActivityReport
    from secretariat.decisions.models import Action, Attachment, Decision
    from secretariat.documents.models import Document
    from secretariat.gallery.models import Photo
    from secretariat.meetings.models import AgendaItem, Delegation, Meeting, RegistrationQuestion
    from secretariat.nominations.models import Call
    from secretariat.plans import models as plans
    from secretariat.practices.models import Attachment as PracticeFile
    from secretariat.practices.models import ReferenceList
    from secretariat.records.models import RecordParagraph, SummaryRecord
    from secretariat.regions.models import Entity, Holding, Post, Role

    region = world.region
    meeting = Meeting.objects.filter(series__region=region, series__reference="RHCAC", number=21)
    meeting = meeting.first() or Meeting.objects.filter(series__region=region).first()
    session = meeting.session
    record = SummaryRecord.objects.filter(session__region=region).order_by("pk").first()
    paragraph = (
        RecordParagraph.objects.filter(section__record=record).order_by("pk").first()
        if record
        else None
    )
    plan = plans.Plan.objects.filter(region=region).order_by("pk").first()
    in_plan = {"objective__focus_area__plan": plan}
    decision = Decision.objects.filter(region=region).order_by("pk").first()
    reference = ReferenceList.objects.filter(region=region).order_by("pk").first()
    photo = Photo.objects.filter(gallery__region=region).order_by("pk").first()
    survey = plans.Survey.objects.filter(region=region).order_by("pk").first()
    alice = world.cast.alice
    return types.SimpleNamespace(
        region=region.slug,
        session=session.pk,
        meeting=meeting.pk,
        item=_pk(AgendaItem, session=session),
        registration_question=_pk(RegistrationQuestion, session=session),
        delegation=_pk(Delegation, invitation__session=session, invitation__member=world.member_a),
        document=_pk(Document, region=region),
        plan=plan.slug if plan else "no-plan",
        focus_area=_pk(plans.FocusArea, plan=plan),
        objective=_pk(plans.Objective, focus_area__plan=plan),
        activity=_pk(plans.Activity, **in_plan),
        indicator=_pk(plans.Indicator, **in_plan),
        period=_pk(plans.ReportingPeriod, plan=plan),
        update=_pk(plans.ProgressUpdate, indicator__objective__focus_area__plan=plan),
        evidence=_pk(plans.Evidence),
        import_run=_pk(plans.ImportRun),
        survey=survey.pk if survey else MISSING,
        question=_pk(plans.Question, survey=survey),
        report=_pk(ActivityReport, region=region),
        decision=decision.pk if decision else MISSING,
        action=_pk(Action, decision=decision),
        proposal=world.draft_proposal.pk,
        proposal_file=_pk(Attachment, proposal=world.draft_proposal),
        call=_pk(Call, region=region),
        practice=world.draft_practice.pk,
        practice_file=_pk(PracticeFile, practice=world.draft_practice),
        reference=reference.slug if reference else "no-reference",
        record=record.pk if record else MISSING,
        section=paragraph.section_id if paragraph else MISSING,
        paragraph=paragraph.pk if paragraph else MISSING,
        gallery=world.private_gallery.pk,
        photo_gallery=photo.gallery_id if photo else MISSING,
        photo=photo.pk if photo else MISSING,
        news=world.draft_news.slug,
        member=world.member_a.slug,
        contact=alice.person.pk,
        person=alice.person.pk,
        role=_pk(Role, person=alice.person),
        entity=(Entity.objects.filter(region=region).order_by("pk").first() or Entity()).slug
        or "no-entity",
        post=(Post.objects.filter(region=region).order_by("pk").first() or Post()).slug
        or "no-post",
        holding=_pk(Holding, member=world.member_a),
        token=_pk(AccessToken),
        feed=_pk(CalendarFeed),
        invitation="no-such-key",  # invitations keep only a digest of their key
    )


# Parameters named the same everywhere.
COMMON = {
    "region": "region",
    "item": "item",
    "meeting": "meeting",
    "delegation": "delegation",
    "action_pk": "action",
    "paragraph": "paragraph",
    "section": "section",
    "question": "question",
    "attachment": None,  # per app, below
    "fmt": "=csv",
}

# What `pk` and `slug` (and a few others) mean, per URL name; prefixes apply to a whole app.
BY_KEY = {
    "accounts:token-revoke": {"pk": "token"},
    "accounts:calendar-feed-revoke": {"pk": "feed"},
    "accounts:invitation-accept": {"key": "invitation"},
    "accounts:sign-in-address-confirm": {"token": "=no-such-token"},
    "accounts:person-invite": {"pk": "person"},
    "live:": {"pk": "session"},
    "meetings:": {"pk": "session"},
    "meetings:registration-question-delete": {"pk": "session", "asked": "registration_question"},
    "documents:": {"session": "session", "pk": "document"},
    "plans:plan-": {"slug": "plan"},
    "plans:period-add": {"slug": "plan"},
    "plans:focus-area-add": {"slug": "plan"},
    "plans:focus-area-edit": {"slug": "plan", "pk": "focus_area"},
    "plans:objective-add": {"slug": "plan", "pk": "focus_area"},
    "plans:objective-edit": {"slug": "plan", "pk": "objective"},
    "plans:activity-add": {"slug": "plan", "pk": "objective"},
    "plans:activity-edit": {"slug": "plan", "pk": "activity"},
    "plans:indicator-add": {"slug": "plan", "pk": "objective"},
    "plans:indicator-edit": {"slug": "plan", "pk": "indicator"},
    "plans:indicator-detail": {"slug": "plan", "pk": "indicator"},
    "plans:progress-report": {"slug": "plan", "pk": "indicator"},
    "plans:indicators-": {"slug": "plan"},
    "plans:progress-": {"slug": "plan"},
    "plans:import-run": {"slug": "plan", "pk": "import_run"},
    "plans:review-queue": {"slug": "plan"},
    "plans:period-close": {"slug": "plan", "pk": "period"},
    "plans:update-": {"slug": "plan", "pk": "update"},
    "plans:evidence-download": {"slug": "plan", "pk": "evidence"},
    "plans:survey-": {"pk": "survey"},
    "plans:question-": {"pk": "survey"},
    "activity_reports:": {"pk": "report"},
    "decisions:decision-detail": {"pk": "decision"},
    "decisions:action-": {"pk": "decision"},
    "decisions:": {"pk": "proposal", "attachment": "proposal_file"},
    "nominations:": {"pk": "call"},
    "practices:reference-": {"slug": "reference"},
    "practices:": {"pk": "practice", "attachment": "practice_file"},
    "records:": {"pk": "record"},
    "gallery:photo-rendition": {"pk": "photo", "width": "=640"},
    "gallery:photo-download": {"pk": "photo"},
    "gallery:photo-": {"gallery": "photo_gallery", "pk": "photo"},
    "gallery:": {"pk": "gallery"},
    "publishing:news-generate": {"session": "session"},
    "publishing:": {"slug": "news"},
    "regions:member-": {"slug": "member"},
    "regions:contact-": {"slug": "member", "pk": "contact"},
    "regions:entity-": {"slug": "entity"},
    "regions:post-": {"slug": "post"},
    "regions:person-": {"pk": "person"},
    "regions:role-assign": {"pk": "person"},
    "regions:role-hand-over": {"pk": "role"},
    "regions:holding-end": {"pk": "holding"},
    "meetings:calendar-feed": {"token": "=no-such-token"},
    "meetings:delegation-decide": {"pk": "session", "decision": "=approve"},
    "live:chair-action": {"pk": "session", "action": "=open"},
    "documents:version-download": {"pk": "document", "number": "=1"},
    "account_confirm_email": {"key": "=no-such-key"},
    "account_reset_password_from_key": {"uidb36": "=1", "key": "=no-such-key"},
    # The API names its parameters after what they point at.
    "api:": {
        "slug": "member",
        "session": "session",
        "decision": "decision",
        "proposal": "proposal",
        "plan": "plan",
        "indicator": "indicator",
        "survey": "survey",
        "practice": "practice",
        "reference": "reference",
        "record": "record",
        "gallery": "gallery",
    },
    "api:entity_detail": {"slug": "entity"},
    "api:post_detail": {"slug": "post"},
    "api:news_detail": {"slug": "news", "item": "news"},
}


def _meaning(key, param):
    """The most specific BY_KEY entry naming `param` for `key` (exact name, then prefixes)."""
    matches = [p for p in BY_KEY if key == p or (p.endswith((":", "-")) and key.startswith(p))]
    for prefix in sorted(matches, key=len, reverse=True):
        if param in BY_KEY[prefix]:
            return BY_KEY[prefix][param]
    return COMMON.get(param)


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _admin_value(route, param):
    """Admin object pages: the first row of the page's model; app lists: the app's label."""
    bits = route.split("/")
    if param == "app_label":
        return "regions"
    if param == "object_id" and len(bits) > 3:
        try:
            model = apps.get_model(bits[1], bits[2])
        except LookupError:
            return str(MISSING)
        row = model._default_manager.order_by("pk").first()
        return str(row.pk if row else MISSING)
    if param == "url":
        return "no-such-page/"
    return str(MISSING)


def address(key, route, t) -> str:
    params = [m.group(2) or m.group(3) for m in _PARAM.finditer(route)]
    values = {}
    for param in params:
        if route.startswith("admin/"):
            values[param] = _admin_value(route, param)
            continue
        meaning = _meaning(key, param)
        if meaning is None:
            raise LookupError(f"{key}: no value for <{param}>; add it to tests/trust/urls.py")
        values[param] = meaning[1:] if meaning.startswith("=") else getattr(t, meaning)
    if not key.startswith("route:"):
        return reverse(key, kwargs=values)
    path = route
    for param, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{param}>|\(\?P<{param}>[^)]*\)", str(value), path)
    return "/" + path.lstrip("^").rstrip("$")
