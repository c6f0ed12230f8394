"""Every write service refuses a caller without the permission (decision 0017).

The list of services is the registry `core.permissions.SERVICES`, filled by `@service`; a
scan of the source with `ast` makes sure no write service is left out of it. Each service is
then called, in the Asia/Pacific demo, by someone with no say in that region (the
secretariat and a contact point of another region) and with `by=None`: both are refused,
and nothing is written.
"""

import ast
import importlib
import pathlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import override_settings

import secretariat
from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SERVICES
from secretariat.regions.models import Role

from ..factories import MemberFactory, PersonFactory, RegionFactory, RoleFactory, UserFactory

SOURCE = pathlib.Path(secretariat.__file__).parent
# Interfaces call services; they are not services (their writes go through them).
INTERFACES = {"api", "demo", "management", "migrations", "templatetags"}
# Public functions that take `by` but are not write services of their own, and why.
NOT_SERVICES = {
    "secretariat.core.audit.record": "the audit trail itself: it records what services did",
    "secretariat.decisions.services.check_ballot": "a check the ballot services run after theirs",
    "secretariat.decisions.services.record_cast": "writes a ballot for vote_cast and election_vote",
    "secretariat.decisions.services.vote_decision": "records the outcome for vote_close and "
    "election_close, after their check",
    "secretariat.regions.importing.import_members": "writes through member_create and "
    "member_update, each checked",
    "secretariat.plans.importing.run_start": "starts an import run that writes through "
    "indicator_add and progress_report, each checked",
    "secretariat.plans.importing.progress_import": "writes through progress_report, checked",
    "secretariat.plans.importing.indicators_import": "writes through indicator_add, checked",
    "secretariat.practices.references.import_rows": "writes through reference_rows_replace, "
    "checked",
}


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if INTERFACES & set(relative.parts) or path.stem.endswith(("views", "api", "admin")):
            continue
        yield "secretariat." + ".".join(relative.with_suffix("").parts), path


def _functions_taking_by():
    """Every public top-level function with a keyword-only `by`: the house's write services."""
    for module, path in _modules():
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and "by" in [a.arg for a in node.args.kwonlyargs]
            ):
                yield f"{module}.{node.name}"


def test_every_write_service_is_registered_with_its_permission():
    found = set(_functions_taking_by())
    for name in found:
        importlib.import_module(name.rpartition(".")[0])
    registered = {entry.name for entry in SERVICES}
    missing = sorted(found - registered - set(NOT_SERVICES))
    assert not missing, f"write services without @service(perm, on=...): {missing}"
    stale = sorted(set(NOT_SERVICES) - found)
    assert not stale, f"NOT_SERVICES names functions that no longer exist: {stale}"
    assert len(registered) == len(SERVICES), "a service is registered twice"
    assert len(registered) > 120  # the scan itself found them: ast sees every app


def _import_every_service():
    for app in apps.get_app_configs():
        if app.name.startswith("secretariat."):
            for module in ("services", "delegations"):
                try:
                    importlib.import_module(f"{app.name}.{module}")
                except ModuleNotFoundError as error:
                    if error.name != f"{app.name}.{module}":
                        raise


_import_every_service()


def _targets(region):
    """One object of every kind a service's permission is asked on, in the demo region."""
    from secretariat.accounts.models import AccessToken, CalendarFeed
    from secretariat.activity_reports.models import ActivityReport
    from secretariat.decisions.models import Action, Decision, Proposal, Vote
    from secretariat.documents.models import Document
    from secretariat.gallery.models import Gallery, Photo
    from secretariat.meetings.models import (
        AgendaItem,
        Delegation,
        Meeting,
        RegistrationQuestion,
        Series,
        Session,
    )
    from secretariat.nominations.models import Call, Nomination
    from secretariat.plans.models import (
        Activity,
        FocusArea,
        Indicator,
        Objective,
        Plan,
        ProgressUpdate,
        Question,
        ReportingPeriod,
        Survey,
    )
    from secretariat.practices.models import Practice, ReferenceList
    from secretariat.publishing.models import NewsItem
    from secretariat.records.models import RecordParagraph, RecordSection, SummaryRecord
    from secretariat.regions.models import Entity, Holding, Member, Organisation, Person, Post

    meetings = list(Meeting.objects.filter(series__region=region).order_by("pk")[:2])
    member = Member.objects.filter(region=region).order_by("pk").first()
    someone = Person.objects.filter(region=region, user__isnull=False).order_by("pk").first()
    plan = {"objective__focus_area__plan__region": region}
    found = {
        "action": Action.objects.filter(decision__region=region).first(),
        "activity": Activity.objects.filter(**plan).first(),
        "area": FocusArea.objects.filter(plan__region=region).first(),
        "call": Call.objects.filter(region=region).first(),
        "chair": False,
        "decision": Decision.objects.filter(region=region).first(),
        "delegation": Delegation.objects.filter(invitation__session__region=region).first(),
        "document": Document.objects.filter(region=region).first(),
        "entity": Entity.objects.filter(region=region).first(),
        "feed": CalendarFeed.issue(user=someone.user)[0],
        "focus_area": FocusArea.objects.filter(plan__region=region).first(),
        "gallery": Gallery.objects.filter(region=region).first(),
        "holding": Holding.objects.filter(post__region=region).first(),
        "indicator": Indicator.objects.filter(**plan).first(),
        "meetings.item": AgendaItem.objects.filter(session__region=region).first(),
        "meetings.question": RegistrationQuestion.objects.filter(session__region=region).first(),
        "publishing.item": NewsItem.objects.filter(region=region).first(),
        "meeting": meetings[0],
        "meetings": meetings,
        "member": member,
        "members": [member],
        "nomination": Nomination.objects.filter(call__region=region).first(),
        "objective": Objective.objects.filter(focus_area__plan__region=region).first(),
        "organisation": Organisation.objects.filter(region=region).first(),
        "paragraph": RecordParagraph.objects.filter(
            section__record__session__region=region
        ).first(),
        "period": ReportingPeriod.objects.filter(plan__region=region).first(),
        "person": someone,
        "photo": Photo.objects.filter(gallery__region=region).first(),
        "plan": Plan.objects.filter(region=region).first(),
        "post": Post.objects.filter(region=region).first(),
        "practice": Practice.objects.filter(region=region).first(),
        "proposal": Proposal.objects.filter(region=region).first(),
        "proposed_by": member,
        "question": Question.objects.filter(survey__region=region).first(),
        "record": SummaryRecord.objects.filter(session__region=region).first(),
        "reference_list": ReferenceList.objects.filter(region=region).first(),
        "region": region,
        "report": ActivityReport.objects.filter(region=region).first(),
        "role": Role.objects.filter(region=region).first(),
        "secretariat": False,
        "section": RecordSection.objects.filter(record__session__region=region).first(),
        "series": Series.objects.filter(region=region).first(),
        "session": Session.objects.filter(region=region).first(),
        "survey": Survey.objects.filter(region=region).first(),
        "token": AccessToken.issue(user=someone.user, name="theirs")[0],
        "update": ProgressUpdate.objects.filter(
            indicator__objective__focus_area__plan__region=region
        )
        .order_by("pk")
        .first(),
        "vote": Vote.objects.filter(proposal__region=region).first(),
    }
    empty = sorted(name for name, obj in found.items() if obj is None)
    assert not empty, f"the demo has none of: {empty}"
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and an outsider, in a transaction rolled back after the module."""
    media = tmp_path_factory.mktemp("write-services-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from secretariat.demo import asia_pacific

            region = asia_pacific.load()
            far = RegionFactory(slug="far")
            outsider = UserFactory(email="outsider@example.org")
            person = PersonFactory(
                region=far, user=outsider, member=MemberFactory(region=far), email=outsider.email
            )
            RoleFactory(person=person, kind=Role.Kind.SECRETARIAT, member=None)
            RoleFactory(person=person, kind=Role.Kind.CONTACT_POINT)
            yield {"outsider": outsider, "targets": _targets(region), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _kwargs(entry, targets):
    app = entry.func.__module__.split(".")[1]
    kwargs = {}
    for path in entry.on:
        root = path.split(".")[0]
        kwargs[root] = targets[f"{app}.{root}"] if f"{app}.{root}" in targets else targets[root]
    return kwargs


@pytest.mark.parametrize("entry", SERVICES, ids=lambda entry: entry.name.split(".", 1)[1])
def test_service_refuses_a_caller_without_the_permission(entry, world, settings, db):
    settings.MEDIA_ROOT = world["media"]
    kwargs = _kwargs(entry, world["targets"])
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        entry.func(**kwargs, by=world["outsider"])
    with pytest.raises(PermissionDenied):
        entry.func(**kwargs, by=None)
    assert AuditEntry.objects.count() == before
