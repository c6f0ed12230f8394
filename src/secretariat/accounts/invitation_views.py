"""The secretariat's pages that bring a person in: add them (invited at once if asked) and
invite them to sign in. They sit in accounts, which owns invitations; the person and the
region's pages stay in regions, which knows nothing of accounts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.views import form_save
from secretariat.regions import services as region_services
from secretariat.regions.forms import PersonForm
from secretariat.regions.models import Person
from secretariat.regions.web import secretariat_only

from .forms import RegionOpenForm
from .services import person_invite, region_open


@login_required
def region_add(request):
    """The platform administrator opens a region and invites its first secretariat person."""
    if not request.user.has_perm("regions.add_region"):
        raise PermissionDenied
    form = RegionOpenForm(request.POST or None)
    if request.method == "POST":
        opened = form_save(
            form,
            lambda f: region_open(
                by=request.user, language=request.LANGUAGE_CODE, **f.cleaned_data
            ),
        )
        if opened is not None:
            region, person = opened
            messages.success(
                request,
                _("%(region)s is open; %(name)s is invited to run its secretariat.")
                % {"region": region.short_name, "name": person},
            )
            return redirect("regions:manage", region=region.slug)
    return render(
        request, "accounts/region_form.html", {"form": form}, status=400 if form.errors else 200
    )


@secretariat_only
def person_add(request, region):
    form = PersonForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invite = data.pop("invite")
        person = region_services.person_create(region=region, by=request.user, **data)
        if invite:
            person_invite(person=person, by=request.user, language=request.LANGUAGE_CODE)
            messages.success(request, _("%(name)s is added and invited.") % {"name": person})
        else:
            messages.success(request, _("%(name)s is added.") % {"name": person})
        return redirect("regions:person-detail", region=region.slug, pk=person.pk)
    return render(
        request, "regions/person_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
@secretariat_only
def person_invite_view(request, region, pk):
    person = get_object_or_404(Person, region=region, pk=pk)
    try:
        person_invite(person=person, by=request.user, language=request.LANGUAGE_CODE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("An invitation is on its way to %(email)s.") % {"email": person.user.email}
        )
    return redirect("regions:person-detail", region=region.slug, pk=person.pk)
