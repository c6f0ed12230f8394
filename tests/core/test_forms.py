import pytest
from django.utils import translation

from secretariat.regions.forms import HoldingForm

from ..factories import MemberFactory


@pytest.mark.django_db
def test_choices_are_named_in_the_viewers_language(region):
    MemberFactory(region=region, short_name_en="Japan", short_name_fr="Japon")
    with translation.override("fr"):
        labels = [label for _value, label in HoldingForm(region=region).fields["member"].choices]
    assert "Japon" in labels and "Japan" not in labels
