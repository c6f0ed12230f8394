from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelChoiceField, VersionedForm

from .models import Entity, Holding, Member, Organisation, Person, Post, Role, SubRegion


class MemberForm(VersionedForm):
    class Meta:
        model = Member
        fields = [
            "official_name_en",
            "official_name_fr",
            "short_name_en",
            "short_name_fr",
            "administration_en",
            "administration_fr",
            "aliases",
            "website",
            "profile_en",
            "profile_fr",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}


# Setting up a region on its own pages (issue 21): what the admin was needed for.


class SubRegionForm(forms.ModelForm):
    class Meta:
        model = SubRegion
        fields = ["name_en", "name_fr", "order"]


class NewMemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "short_name_en",
            "short_name_fr",
            "official_name_en",
            "official_name_fr",
            "administration_en",
            "administration_fr",
            "sub_region",
            "country_code",
            "aliases",
            "joined_on",
            "website",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3}), "joined_on": DateInput()}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_region"].queryset = region.sub_regions.all()
        self.fields["official_name_en"].required = True


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The first row names the columns; see the list below."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"), required=False, initial=True
    )


class EntityForm(forms.ModelForm):
    class Meta:
        model = Entity
        fields = [
            "kind",
            "name_en",
            "name_fr",
            "short_name_en",
            "short_name_fr",
            "city",
            "established_on",
            "website",
            "description_en",
            "description_fr",
        ]
        widgets = {"established_on": DateInput()}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["kind", "name_en", "name_fr", "short_name_en", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The WCO Secretariat is shared by every region; a region adds partners and others.
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] != Organisation.Kind.WCO
        ]


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "name_en",
            "name_fr",
            "entity",
            "body_en",
            "body_fr",
            "holder_kind",
            "seat_count",
            "term_months",
            "term_start_month",
            "visibility",
            "description_en",
            "description_fr",
        ]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = region.entities.all()


class ContactForm(VersionedForm):
    class Meta:
        model = Person
        fields = ["honorific", "name", "position_en", "position_fr", "email", "phone"]


class NewContactForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["honorific", "name", "position_en", "position_fr", "email", "phone"]


class PersonForm(forms.ModelForm):
    """The secretariat adds a person with an affiliation, and may invite them at once."""

    invite = forms.BooleanField(
        label=_("Send an invitation to sign in"), required=False, initial=True
    )

    class Meta:
        model = Person
        fields = [
            "honorific",
            "name",
            "position_en",
            "position_fr",
            "email",
            "phone",
            "member",
            "entity",
            "organisation",
        ]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = region.members.all()
        self.fields["entity"].queryset = region.entities.all()
        self.fields["organisation"].queryset = Organisation.objects.for_region(region)

    def clean(self):
        data = super().clean()
        if sum(bool(data.get(f)) for f in ("member", "entity", "organisation")) > 1:
            raise forms.ValidationError(
                _("Choose at most one affiliation: a Member, an entity or an organisation.")
            )
        if data.get("invite") and not data.get("email"):
            self.add_error("email", _("An invitation needs an email address."))
        return data


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)
    member = LocalizedModelChoiceField(
        label=_("Member"), queryset=Member.objects.none(), required=False
    )
    entity = LocalizedModelChoiceField(label=_("Regional entity"), queryset=None, required=False)
    organisation = LocalizedModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = region.members.all()
        self.fields["entity"].queryset = region.entities.all()
        self.fields["organisation"].queryset = Organisation.objects.for_region(region)


class HandOverForm(forms.Form):
    to = LocalizedModelChoiceField(label=_("Hand over to"), queryset=Person.objects.none())
    on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = region.people.filter(is_active=True)


class HoldingForm(forms.Form):
    post = LocalizedModelChoiceField(
        label=_("Post"), queryset=Post.objects.none(), label_attr="name"
    )
    member = LocalizedModelChoiceField(label=_("Member"), queryset=None, required=False)
    entity = LocalizedModelChoiceField(label=_("Regional entity"), queryset=None, required=False)
    person = LocalizedModelChoiceField(label=_("Person"), queryset=None, required=False)
    organisation = LocalizedModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = region.posts.all()
        self.fields["member"].queryset = region.members.all()
        self.fields["entity"].queryset = region.entities.all()
        self.fields["person"].queryset = Person.objects.for_region(region).filter(is_active=True)
        self.fields["organisation"].queryset = Organisation.objects.for_region(region)

    def clean(self):
        data = super().clean()
        chosen = [data[f] for f in Holding.HOLDER_FIELDS if data.get(f)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("Choose exactly one holder: a Member, an entity, a person or an organisation.")
            )
        data["holder"] = chosen[0]
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end comes before the start."))
        return data


class HoldingEndForm(forms.Form):
    on = forms.DateField(label=_("Last day"), widget=DateInput())


class AuditFilterForm(forms.Form):
    """The filters of the audit page; choices are what the region's trail holds."""

    who = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    kind = forms.TypedChoiceField(
        label=_("Kind of record"), required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, people, actions, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["who"].choices = everyone + people
        self.fields["action"].choices = everyone + [(a, gettext(a)) for a in actions]
        self.fields["kind"].choices = everyone + [
            (k.pk, capfirst(k.model_class()._meta.verbose_name) if k.model_class() else k.model)
            for k in kinds
        ]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day comes after the last."))
        return data
