"""Practices: the list, a practice with its history, and the keeper's and secretariat's steps."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.audit import history_for
from secretariat.core.files import serve_stored
from secretariat.core.tables import FORMATS, table_download
from secretariat.core.views import edit_versioned, form_save, int_param
from secretariat.core.visibility import Visibility
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import exports, selectors, services
from .forms import AttachmentForm, PracticeEditForm, PracticeForm, ThemeForm
from .models import Attachment, Practice


def _since(value):
    """A date (2026-11-01) or a moment (ISO 8601) from the query string, or None."""
    value = (value or "")[:40]
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        return None
    if day:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _filtered(request, region):
    """The practices the reader may see, with the list's filters of the query string."""
    practices = selectors.visible_practices(region, viewer_for(request.user))
    for name, lookup in (("member", "member_id"), ("theme", "themes")):
        if request.GET.get(name):
            # A value that is no id (or too large to be one) matches nothing.
            number = int_param(request.GET[name])
            practices = practices.filter(**{lookup: number}) if number else practices.none()
    if request.GET.get("status") in Practice.Status.values:
        practices = practices.filter(status=request.GET["status"])
    if request.GET.get("stale"):
        practices = practices.filter(pk__in=services.stale_practices(timezone.now()))
    since = _since(request.GET.get("since"))
    if since:
        practices = practices.filter(updated_at__gte=since)
    return practices.order_by("-featured", "-updated_at", "-pk")


VISIT = datetime.timedelta(hours=1)  # looks at the list closer than this are one visit


def _last_visit(request, region):
    """When the signed-in reader's previous visit to the list began (kept in their session).

    A visit begins with a look at the list more than VISIT after the previous visit began,
    so the session is written once a visit, not at each page.
    """
    if not request.user.is_authenticated:
        return None
    key = f"practices-visit-{region.pk}"
    mark = request.session.get(key) or {}
    now = timezone.now()
    began = _since(mark.get("began"))
    if began is None or now - began > VISIT:
        mark = {"began": now.isoformat(), "before": mark.get("began")}
        request.session[key] = mark
    return _since(mark.get("before"))


@with_region
def practice_list(request, region):
    practices = list(_filtered(request, region))
    stale_ids = set(services.stale_practices(timezone.now()).values_list("pk", flat=True))
    for practice in practices:
        practice.is_stale = practice.pk in stale_ids
    kept = request.GET.copy()
    return render(
        request,
        "practices/practice_list.html",
        {
            "practices": practices,
            "themes": selectors.themes_of(region),
            "can_add": request.user.has_perm("practices.add_practice", region),
            "can_curate": request.user.has_perm("practices.curate", region),
            "since": _since(request.GET.get("since")),
            "last_visit": _last_visit(request, region),
            "kept_query": kept.urlencode(),
        },
    )


@with_region
def practice_export(request, region, fmt):
    """The filtered list as CSV or XLSX: the same practices the list shows the reader."""
    table = exports.practices_table(_filtered(request, region), absolute=request.build_absolute_uri)
    if fmt not in FORMATS:
        raise Http404
    return table_download(table, fmt=fmt, name=[region.slug, "practices"])


def _practice(request, region, pk) -> Practice:
    try:
        return selectors.practice_page(region, pk, viewer_for(request.user))
    except Practice.DoesNotExist:
        raise Http404 from None


@with_region
def practice_detail(request, region, pk):
    practice = _practice(request, region, pk)
    can_change = request.user.has_perm("practices.change_practice", practice)
    can_curate = request.user.has_perm("practices.curate", region)
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "can_change": can_change,
            "can_curate": can_curate,
            "history": _history(practice, full=can_change or can_curate),
            "attachment_form": AttachmentForm() if can_change else None,
        },
    )


def _history(practice, *, full):
    """Its keepers and the secretariat read it all; others what followed its submission."""
    return history_for(practice, drafts=full, actors=full, published_at=practice.submitted_at)


def _kept_members(request, region):
    return region.members.filter(pk__in=viewer_for(request.user).member_editor_ids)


@login_required
@with_region
def practice_add(request, region):
    require(request, "practices.add_practice", region)
    form = PracticeForm(request.POST or None, region=region, members=_kept_members(request, region))

    def save(form):
        data = dict(form.cleaned_data)
        return services.practice_create(
            by=request.user, member=data.pop("member"), themes=data.pop("themes"), **data
        )

    if request.method == "POST":
        practice = form_save(form, save)
        if practice is not None:
            messages.success(
                request, _("The practice is saved as a draft: only your Member sees it.")
            )
            return redirect(practice)
    return render(
        request,
        "practices/practice_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def practice_edit(request, region, pk):
    practice = _practice(request, region, pk)
    require(request, "practices.change_practice", practice)
    form = PracticeEditForm(request.POST or None, instance=practice, region=region)

    def save(form):
        changes = form.changes()
        services.practice_update(
            practice=practice,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            themes=changes.pop("themes"),
            **changes,
        )

    return edit_versioned(
        request,
        form=form,
        save=save,
        template="practices/practice_form.html",
        context={"practice": practice},
        success_url=practice.get_absolute_url(),
        success_message=_("The practice is updated."),
    )


@require_POST
@login_required
@with_region
def practice_submit(request, region, pk):
    practice = _practice(request, region, pk)
    require(request, "practices.change_practice", practice)
    try:
        services.practice_submit(practice=practice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The practice is submitted: its readers can see it."))
    return redirect(practice)


@require_POST
@login_required
@with_region
def practice_feature(request, region, pk):
    require(request, "practices.curate", region)
    practice = _practice(request, region, pk)
    try:
        services.practice_feature(
            practice=practice, by=request.user, featured=request.POST.get("featured") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(practice)


@require_POST
@login_required
@with_region
def attachment_add(request, region, pk):
    practice = _practice(request, region, pk)
    require(request, "practices.change_practice", practice)
    form = AttachmentForm(request.POST, request.FILES)
    form_save(
        form,
        lambda form: services.practice_attach(
            practice=practice, by=request.user, upload=form.cleaned_data["file"]
        ),
        field="file",
    )
    if form.is_valid():
        messages.success(request, _("The file is attached."))
        return redirect(practice)
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "can_change": True,
            "history": _history(practice, full=True),
            "attachment_form": form,
        },
        status=400,
    )


@with_region
def attachment_download(request, region, pk, attachment):
    practice = _practice(request, region, pk)
    item = get_object_or_404(Attachment, practice=practice, pk=attachment)
    private = practice.visibility != Visibility.PUBLIC or practice.is_draft
    return serve_stored(item.file.open("rb"), filename=item.name, private=private)


@login_required
@with_region
def theme_list(request, region):
    require(request, "practices.curate", region)
    form = ThemeForm(request.POST or None, region=region)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.theme_create(region=region, by=request.user, **form.cleaned_data),
        )
        if form.is_valid():
            messages.success(request, _("The theme is added."))
            return redirect("practices:theme-list", region.slug)
    return render(
        request,
        "practices/theme_list.html",
        {"themes": selectors.themes_of(region), "form": form},
        status=400 if form.errors else 200,
    )
