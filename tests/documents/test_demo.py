import pytest

from secretariat.core.visibility import Visibility
from secretariat.documents import demo
from secretariat.documents.models import Document
from secretariat.meetings.models import AgendaItem

from ..meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.mark.django_db
def test_demo_joint_session_gets_its_documents_as_real_pdfs(client, region, media):
    meeting = MeetingFactory(series__region=region, series__reference="RHCAC", number=21)
    joint = meeting.session
    adoption = AgendaItemFactory(session=joint, kind=AgendaItem.Kind.ADOPTION)
    demo.load(region)
    demo.load(region)  # twice: same data
    documents = {d.reference: d for d in Document.objects.filter(session=joint)}
    assert set(documents) == {"RHCAC21/Doc 1", "RCP30/Doc 2", "RCP30/Doc 3"}
    assert documents["RCP30/Doc 3"].visibility == Visibility.MEMBERS
    assert documents["RHCAC21/Doc 1"].agenda_item == adoption
    for document in documents.values():
        version = document.versions.get()
        assert version.kind == "pdf"
        with version.file.open("rb") as f:
            assert f.read(8) == b"%PDF-1.4"
    page = client.get(joint.get_absolute_url()).text
    assert "RSP 2020–2022 progress report" in page
    assert "RCP30/Doc 3" not in page  # Members only


@pytest.mark.django_db
def test_demo_without_the_joint_session_adds_nothing(region):
    demo.load(region)
    assert not Document.objects.exists()
