"""The region's secretariat adds a meeting series on the site (issue 21: no admin page to
set a region up). Editing series, joint sessions made on the site: issue 18."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from secretariat.core.views import form_save
from secretariat.regions.web import require, with_region

from . import services
from .models import Series


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["name_en", "name_fr", "reference", "agenda_numbering", "order"]


@login_required
@with_region
def series_add(request, region):
    require(request, "meetings.manage_meetings", region)
    form = SeriesForm(request.POST or None)
    if request.method == "POST":
        series = form_save(
            form,
            lambda f: services.series_create(region=region, by=request.user, **f.cleaned_data),
        )
        if series is not None:
            messages.success(request, _("The series %(name)s is added.") % {"name": series.name})
            return redirect("meetings:meeting-add", region=region.slug)
    return render(
        request, "meetings/series_form.html", {"form": form}, status=400 if form.errors else 200
    )
