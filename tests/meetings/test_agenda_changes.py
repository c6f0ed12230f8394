"""Editing, deleting and moving agenda items; amendments after adoption; the drag endpoint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.core.versions import StaleEdit
from secretariat.meetings import services
from secretariat.meetings.models import AgendaAmendment, AgendaItem

from .factories import MeetingFactory

UTC = datetime.UTC


def titles(session, parent=None):
    return list(
        session.agenda.filter(parent=parent).order_by("position").values_list("title_en", flat=True)
    )


def positions(session, parent=None):
    return list(
        session.agenda.filter(parent=parent).order_by("position").values_list("position", flat=True)
    )


@pytest.fixture
def session(region):
    session = MeetingFactory(series__region=region).session
    for title in ("Opening", "Reports", "Closing"):
        services.agenda_item_add(session=session, kind="discussion", title_en=title, by=SYSTEM)
    return session


def item(session, title):
    return session.agenda.get(title_en=title)


def adopt(session):
    services.agenda_adopt(session=session, by=SYSTEM)
    session.refresh_from_db()


@pytest.mark.django_db
class TestAgendaServices:
    def test_move_to_a_place_and_by_one_renumbers_the_siblings(self, session):
        services.agenda_item_move(item=item(session, "Closing"), to=1, by=SYSTEM)
        assert titles(session) == ["Closing", "Opening", "Reports"]
        assert positions(session) == [1, 2, 3]
        services.agenda_item_move(item=item(session, "Closing"), up=False, by=SYSTEM)
        assert titles(session) == ["Opening", "Closing", "Reports"]
        # A place past the end means the last place.
        services.agenda_item_move(item=item(session, "Opening"), to=99, by=SYSTEM)
        assert titles(session) == ["Closing", "Reports", "Opening"]
        assert AuditEntry.objects.filter(action="agenda item moved").count() == 3

    def test_update_checks_the_version_and_keeps_the_saved_one(self, session):
        reports = item(session, "Reports")
        services.agenda_item_update(
            item=reports, by=SYSTEM, expected_version=1, title_en="Reports of the Members"
        )
        with pytest.raises(StaleEdit) as stale:
            services.agenda_item_update(
                item=item(session, "Reports of the Members"),
                by=SYSTEM,
                expected_version=1,
                title_en="Stale title",
            )
        assert ("title (English)", "Reports of the Members", "Stale title") in stale.value.rows()
        assert item(session, "Reports of the Members").version == 2
        assert not session.agenda.filter(title_en="Stale title").exists()

    def test_update_to_a_sub_item_closes_the_gap(self, session):
        services.agenda_item_update(
            item=item(session, "Reports"),
            by=SYSTEM,
            expected_version=1,
            parent=item(session, "Opening"),
        )
        assert titles(session) == ["Opening", "Closing"] and positions(session) == [1, 2]
        assert titles(session, item(session, "Opening")) == ["Reports"]
        assert item(session, "Reports").position == 1

    def test_an_item_with_sub_items_cannot_become_one(self, session):
        opening = item(session, "Opening")
        services.agenda_item_add(
            session=session, kind="discussion", title_en="Sub", parent=opening, by=SYSTEM
        )
        with pytest.raises(ValidationError, match="cannot itself become a sub-item"):
            services.agenda_item_update(
                item=opening, by=SYSTEM, expected_version=1, parent=item(session, "Reports")
            )
        assert item(session, "Opening").parent is None

    def test_one_presenter_only(self, session, member, cast):
        with pytest.raises(ValidationError, match="Name one presenter"):
            services.agenda_item_update(
                item=item(session, "Reports"),
                by=SYSTEM,
                expected_version=1,
                presenter_member=member,
                presenter_person=cast.alice.person,
            )

    def test_delete_renumbers_and_is_audited(self, session):
        services.agenda_item_delete(item=item(session, "Opening"), by=SYSTEM)
        assert titles(session) == ["Reports", "Closing"] and positions(session) == [1, 2]
        assert AuditEntry.objects.filter(action="deleted", target_repr="Opening").exists()
        assert not AgendaAmendment.objects.exists()

    def test_after_adoption_changes_need_a_reason_and_become_amendments(self, session):
        adopt(session)
        reports = item(session, "Reports")
        for change in (
            lambda **r: services.agenda_item_add(
                session=session, kind="discussion", title_en="Late", by=SYSTEM, **r
            ),
            lambda **r: services.agenda_item_update(
                item=reports, by=SYSTEM, expected_version=1, title_en="Reports, amended", **r
            ),
            lambda **r: services.agenda_item_move(item=reports, up=True, by=SYSTEM, **r),
            lambda **r: services.agenda_item_delete(item=reports, by=SYSTEM, **r),
        ):
            with pytest.raises(ValidationError, match="say why it is amended"):
                change(reason_en="  ")
        assert titles(session) == ["Opening", "Reports", "Closing"]
        assert not AgendaAmendment.objects.exists()

        services.agenda_item_update(
            item=reports,
            by=SYSTEM,
            expected_version=1,
            title_en="Reports, amended",
            reason_en="Renamed at the Chair's request",
            reason_fr="Renommé à la demande du Président",
        )
        services.agenda_item_move(item=reports, up=True, by=SYSTEM, reason_en="Chair first")
        services.agenda_item_add(
            session=session, kind="other_business", title_en="AOB", by=SYSTEM, reason_en="Asked"
        )
        services.agenda_item_delete(item=item(session, "Closing"), by=SYSTEM, reason_en="Merged")
        amendments = list(session.amendments.all())
        assert [(a.action, a.item_title_en) for a in amendments] == [
            ("edited", "Reports"),
            ("moved", "Reports, amended"),
            ("added", "AOB"),
            ("deleted", "Closing"),
        ]
        assert amendments[0].changes == {"title_en": ["Reports", "Reports, amended"]}
        assert amendments[0].reason_fr == "Renommé à la demande du Président"
        assert amendments[1].changes == {"position": [2, 1]}
        assert AuditEntry.objects.filter(action="agenda amended").count() == 4
        assert AuditEntry.objects.filter(note="Merged", action="deleted").exists()

    def test_a_move_that_changes_nothing_records_no_amendment(self, session):
        adopt(session)
        services.agenda_item_move(item=item(session, "Opening"), up=True, by=SYSTEM, reason_en="x")
        assert not AgendaAmendment.objects.exists()


def url(name, session, *args):
    return reverse(f"meetings:{name}", args=[session.region.slug, session.pk, *args])


@pytest.mark.django_db
class TestAgendaViews:
    def edit_data(self, agenda_item, **changes):
        return {
            "version": agenda_item.version,
            "title_en": agenda_item.title_en,
            "title_fr": "",
            "kind": agenda_item.kind,
            "parent": "",
            "meeting": "",
            "presenter_person": "",
            "presenter_member": "",
            "presenter_entity": "",
            "planned_start": "",
            "duration_minutes": "",
        } | changes

    def test_secretariat_edits_an_item_in_the_sessions_time_zone(self, client, cast, session):
        reports = item(session, "Reports")
        client.force_login(cast.sam)
        edit = url("agenda-item-edit", session, reports.pk)
        assert client.get(edit).status_code == 200
        response = client.post(
            edit,
            self.edit_data(
                reports,
                title_fr="Rapports",
                kind="report",
                planned_start="2020-11-12T13:30",
                duration_minutes="45",
            ),
        )
        assert response.status_code == 302
        reports.refresh_from_db()
        # 13:30 in Jakarta (the session's zone) is 06:30 UTC.
        assert reports.planned_start == datetime.datetime(2020, 11, 12, 6, 30, tzinfo=UTC)
        assert (reports.title_fr, reports.kind, reports.duration_minutes) == (
            "Rapports",
            "report",
            45,
        )
        assert 'value="2020-11-12T13:30"' in client.get(edit).text

    def test_stale_edit_is_refused_with_both_versions_and_input_kept(self, client, cast, session):
        reports = item(session, "Reports")
        services.agenda_item_update(item=reports, by=SYSTEM, expected_version=1, title_en="Theirs")
        client.force_login(cast.sam)
        response = client.post(
            url("agenda-item-edit", session, reports.pk),
            self.edit_data(reports, version=1, title_en="Mine"),
        )
        assert response.status_code == 409
        assert "Someone else saved this" in response.text
        assert "Theirs" in response.text and 'value="Mine"' in response.text
        assert item(session, "Theirs").version == 2

    def test_delete_asks_first_then_renumbers(self, client, cast, session):
        opening = item(session, "Opening")
        client.force_login(cast.sam)
        delete = url("agenda-item-delete", session, opening.pk)
        confirm = client.get(delete)
        assert confirm.status_code == 200 and "Delete the item" in confirm.text
        assert titles(session) == ["Opening", "Reports", "Closing"]
        assert client.post(delete).status_code == 302
        assert titles(session) == ["Reports", "Closing"] and positions(session) == [1, 2]

    def test_adopted_agenda_asks_the_reason_and_lists_the_amendment(self, client, cast, session):
        adopt(session)
        closing = item(session, "Closing")
        client.force_login(cast.sam)
        move = url("agenda-item-move", session, closing.pk)
        page = client.get(move + "?direction=up")
        assert page.status_code == 200 and "Reason for the amendment (English)" in page.text
        refused = client.post(move, {"direction": "up", "reason_en": ""})
        assert refused.status_code == 400 and "say why it is amended" in refused.text
        assert titles(session) == ["Opening", "Reports", "Closing"]
        done = client.post(move, {"direction": "up", "reason_en": "Closing before the reports"})
        assert done.status_code == 302
        assert titles(session) == ["Opening", "Closing", "Reports"]
        detail = client.get(session.get_absolute_url()).text
        assert "Agenda amended on" in detail and "Closing before the reports" in detail
        # Adding after adoption: the form asks for the reason too.
        add = url("agenda-edit", session)
        assert "Reason for the amendment (English)" in client.get(add).text
        refused = client.post(add, {"kind": "discussion", "title_en": "Late item"})
        assert refused.status_code == 400
        assert not AgendaItem.objects.filter(title_en="Late item").exists()

    def test_amendments_are_shown_in_french(self, client, cast, session):
        adopt(session)
        services.agenda_item_delete(
            item=item(session, "Closing"), by=SYSTEM, reason_en="Merged", reason_fr="Fusionné"
        )
        client.cookies["django_language"] = "fr"
        text = client.get(session.get_absolute_url()).text
        assert "Ordre du jour modifié le" in text and "Fusionné" in text

    def test_drag_endpoint_moves_to_a_place_and_answers_with_the_list(self, client, cast, session):
        closing = item(session, "Closing")
        client.force_login(cast.sam)
        response = client.post(
            url("agenda-item-move", session, closing.pk),
            {"to": "1"},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200
        data = response.json()
        assert data["message"] == "“Closing” moved to place 1 of 3."
        assert data["html"].index("Closing") < data["html"].index("Opening")
        assert titles(session) == ["Closing", "Opening", "Reports"]

    def test_drag_after_adoption_without_reason_is_refused(self, client, cast, session):
        adopt(session)
        client.force_login(cast.sam)
        response = client.post(
            url("agenda-item-move", session, item(session, "Closing").pk),
            {"to": "1"},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 400 and "say why" in response.json()["message"]
        assert titles(session) == ["Opening", "Reports", "Closing"]

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana", None])
    def test_others_cannot_edit_delete_or_drag(self, client, cast, session, who):
        if who:
            client.force_login(getattr(cast, who))
        reports = item(session, "Reports")
        edit = url("agenda-item-edit", session, reports.pk)
        delete = url("agenda-item-delete", session, reports.pk)
        move = url("agenda-item-move", session, reports.pk)
        expected = 403 if who else 302
        responses = [
            client.get(edit),
            client.post(edit, self.edit_data(reports, title_en="Hacked")),
            client.get(delete),
            client.post(delete),
            client.post(move, {"to": "1"}, headers={"Accept": "application/json"}),
        ]
        assert [r.status_code for r in responses] == [expected] * 5
        if not who:
            assert all("/accounts/login/" in r["Location"] for r in responses)
        assert titles(session) == ["Opening", "Reports", "Closing"]
        assert item(session, "Reports").version == 1


@pytest.mark.django_db
class TestAmendingThroughTheEditForm:
    def test_an_edit_after_adoption_needs_a_reason(self, client, cast, session):
        adopt(session)
        reports = item(session, "Reports")
        client.force_login(cast.sam)
        edit = url("agenda-item-edit", session, reports.pk)
        data = TestAgendaViews().edit_data(reports, title_en="Reports of the Members")
        refused = client.post(edit, data)
        assert refused.status_code == 400 and "say why it is amended" in refused.text
        assert 'value="Reports of the Members"' in refused.text
        assert item(session, "Reports").version == 1
        done = client.post(edit, data | {"reason_en": "Clearer title"})
        assert done.status_code == 302
        (amendment,) = session.amendments.all()
        assert amendment.changes == {"title_en": ["Reports", "Reports of the Members"]}
        assert "Clearer title" in client.get(session.get_absolute_url()).text


@pytest.mark.django_db
def test_session_page_queries_do_not_grow_with_amendments_and_status_changes(
    client, session, django_assert_num_queries
):
    adopt(session)
    meeting = session.meetings.get()
    services.meeting_set_status(meeting=meeting, status="convened", by=SYSTEM)
    services.agenda_item_move(item=item(session, "Closing"), up=True, by=SYSTEM, reason_en="1")
    page = session.get_absolute_url()  # outside the count: only the page's queries count
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    services.meeting_set_status(meeting=meeting, status="held", by=SYSTEM)
    for n in range(9):
        services.agenda_item_add(
            session=session, kind="discussion", title_en=f"Late {n}", by=SYSTEM, reason_en="n"
        )
    with django_assert_num_queries(len(one)):
        client.get(page)
