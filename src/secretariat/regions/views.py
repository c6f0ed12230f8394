import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core import pagecache
from secretariat.core.audit import history_of
from secretariat.core.models import AuditEntry
from secretariat.core.registry import home_sections_for
from secretariat.core.tables import Table, table_download
from secretariat.core.views import edit_versioned, form_save

from . import importing, selectors, services
from .forms import (
    AuditFilterForm,
    ContactForm,
    EntityForm,
    HandOverForm,
    HoldingEndForm,
    HoldingForm,
    MemberForm,
    MemberImportForm,
    NewContactForm,
    NewMemberForm,
    OrganisationForm,
    PostForm,
    RoleForm,
    SubRegionForm,
)
from .models import Entity, Holding, Member, Person, Region, Role
from .web import require, secretariat_only, with_region


def _parse_day(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# Public pages


def region_list(request):
    regions = list(Region.objects.all())
    if len(regions) == 1:
        return redirect(regions[0])
    return render(request, "regions/region_list.html", {"regions": regions})


@with_region
def region_detail(request, region):
    return render(
        request,
        "regions/region_detail.html",
        {
            "member_count": selectors.members_on(region).count(),
            "entities": selectors.entities_of(region),
            # Later apps' parts of the home (news, coming meetings), found through core.registry.
            "sections": home_sections_for(request, region),
        },
    )


@with_region
def member_list(request, region):
    asked = request.GET.get("on", "")
    day = _parse_day(asked) or timezone.localdate()
    groups, later = selectors.directory(region, day)
    return render(
        request,
        "regions/member_list.html",
        {
            "day": day,
            "is_today": day == timezone.localdate(),
            "groups": groups.items(),
            "count": sum(len(members) for members in groups.values()),
            "later": later,
            "bad_date": bool(asked) and _parse_day(asked) is None,
        },
    )


@with_region
def member_detail(request, region, slug):
    viewer = selectors.viewer_for(request.user)

    def build():
        try:
            member = selectors.member_profile(region, slug, viewer)
        except Member.DoesNotExist:
            raise Http404 from None
        return {
            "title": member.short_name,
            "member": member,
            "contacts": selectors.contacts_of(member),
            "can_edit": request.user.has_perm("regions.change_member", member),
            "edits_everyone": request.user.has_perm("regions.manage_region", region),
            "see_details": request.user.has_perm("regions.see_contact_details", region),
        }

    return pagecache.render_kept(
        request,
        "regions/member_detail.html",
        name=f"member:{slug}",
        region_id=region.pk,
        viewer=viewer,
        build=build,
    )


@with_region
def entity_list(request, region):
    return render(
        request,
        "regions/entity_list.html",
        {
            "entities": selectors.entities_of(region),
            "organisations": selectors.organisations_of(region),
        },
    )


@with_region
def entity_detail(request, region, slug):
    try:
        entity, posts = selectors.entity_page(region, slug, selectors.viewer_for(request.user))
    except Entity.DoesNotExist:
        raise Http404 from None
    return render(request, "regions/entity_detail.html", {"entity": entity, "posts": posts})


@with_region
def post_list(request, region):
    posts = selectors.posts_visible(region, selectors.viewer_for(request.user))
    return render(request, "regions/post_list.html", {"posts": posts})


@with_region
def post_detail(request, region, slug):
    post = (
        selectors.posts_visible(region, selectors.viewer_for(request.user))
        .filter(slug=slug)
        .first()
    )
    if post is None:
        raise Http404
    return render(
        request,
        "regions/post_detail.html",
        {
            "post": post,
            "can_manage": request.user.has_perm("regions.manage_region", region),
        },
    )


# A Member's contact point keeps its own Member's profile and contacts


@login_required
@with_region
def member_edit(request, region, slug):
    member = get_object_or_404(Member, region=region, slug=slug)
    require(request, "regions.change_member", member)
    return edit_versioned(
        request,
        form=MemberForm(request.POST or None, instance=member),
        template="regions/member_form.html",
        context={"member": member},
        save=lambda f: services.member_update(
            member=member,
            by=request.user,
            expected_version=f.cleaned_data["version"],
            **f.changes(),
        ),
        success_url=member.get_absolute_url(),
        success_message=_("The Member's profile is saved."),
    )


@login_required
@with_region
def contact_add(request, region, slug):
    member = get_object_or_404(Member, region=region, slug=slug)
    require(request, "regions.change_member", member)
    form = NewContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_create(region=region, member=member, by=request.user, **form.cleaned_data)
        messages.success(request, _("The contact is added."))
        return redirect(member)
    return render(
        request,
        "regions/contact_form.html",
        {"member": member, "form": form},
        status=400 if form.errors else 200,
    )


def _contact(region, slug, pk):
    return get_object_or_404(Person, pk=pk, member__slug=slug, member__region=region)


@login_required
@with_region
def contact_edit(request, region, slug, pk):
    person = _contact(region, slug, pk)
    require(request, "regions.change_contact", person)
    return edit_versioned(
        request,
        form=ContactForm(request.POST or None, instance=person),
        template="regions/contact_form.html",
        context={"member": person.member, "person": person},
        save=lambda f: services.person_update(
            person=person,
            by=request.user,
            expected_version=f.cleaned_data["version"],
            **f.changes(),
        ),
        success_url=person.member.get_absolute_url(),
        success_message=_("The contact is saved."),
    )


@require_POST
@login_required
@with_region
def contact_deactivate(request, region, slug, pk):
    person = _contact(region, slug, pk)
    require(request, "regions.change_contact", person)
    services.person_deactivate(person=person, by=request.user)
    messages.success(request, _("%(name)s is marked as having left.") % {"name": person})
    return redirect(person.member)


# The secretariat's frequent tasks


@secretariat_only
def manage(request, region):
    return render(
        request,
        "regions/manage.html",
        {
            "people": selectors.people_of(region).filter(is_active=True),
            "posts": selectors.posts_visible(region, selectors.viewer_for(request.user)),
        },
    )


@secretariat_only
def person_detail(request, region, pk):
    person = get_object_or_404(selectors.people_of(region), pk=pk)
    return render(
        request,
        "regions/person_detail.html",
        {
            "person": person,
            # Every role, ended ones too: `people_of` prefetches only the current ones.
            "all_roles": Role.objects.filter(person=person).select_related(
                "member", "entity", "organisation"
            ),
            "history": history_of(person)[:20],
        },
    )


@require_POST
@secretariat_only
def person_deactivate_view(request, region, pk):
    person = get_object_or_404(Person, region=region, pk=pk)
    services.person_deactivate(person=person, by=request.user)
    messages.success(
        request, _("%(name)s is deactivated; their history is kept.") % {"name": person}
    )
    return redirect("regions:person-detail", region=region.slug, pk=person.pk)


@secretariat_only
def role_assign(request, region, pk):
    person = get_object_or_404(Person, region=region, pk=pk)
    form = RoleForm(
        request.POST or None, region=region, initial={"starts_on": timezone.localdate()}
    )

    def save(form):
        data = form.cleaned_data
        scope_field = Role.SCOPE[data["kind"]]
        scope = {scope_field: data[scope_field]} if scope_field and data[scope_field] else {}
        return services.role_assign(
            person=person,
            kind=data["kind"],
            by=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            **scope,
        )

    if request.method == "POST":
        form_save(form, save)
        if form.is_valid():
            messages.success(request, _("The role is assigned."))
            return redirect("regions:person-detail", region=region.slug, pk=person.pk)
    return render(
        request,
        "regions/role_form.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@secretariat_only
def role_hand_over(request, region, pk):
    role = get_object_or_404(Role.objects.select_related("person"), region=region, pk=pk)
    form = HandOverForm(request.POST or None, region=region, initial={"on": timezone.localdate()})
    if request.method == "POST":
        new = form_save(
            form,
            lambda form: services.role_hand_over(
                role=role, to=form.cleaned_data["to"], on=form.cleaned_data["on"], by=request.user
            ),
        )
        if new is not None:
            messages.success(
                request, _("The role is handed over to %(name)s.") % {"name": new.person}
            )
            return redirect("regions:person-detail", region=region.slug, pk=new.person_id)
    return render(
        request,
        "regions/hand_over_form.html",
        {"role": role, "form": form},
        status=400 if form.errors else 200,
    )


@secretariat_only
def holding_add(request, region):
    initial = {"post": request.GET.get("post"), "confirmed": True}
    form = HoldingForm(request.POST or None, region=region, initial=initial)

    def save(form):
        data = form.cleaned_data
        return services.holding_start(
            post=data["post"],
            holder=data["holder"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            confirmed=data["confirmed"],
            note=data["note"],
            by=request.user,
        )

    if request.method == "POST":
        holding = form_save(form, save)
        if holding is not None:
            messages.success(request, _("The term is recorded."))
            return redirect(holding.post)
    return render(
        request, "regions/holding_form.html", {"form": form}, status=400 if form.errors else 200
    )


@secretariat_only
def holding_end(request, region, pk):
    holding = get_object_or_404(Holding, post__region=region, pk=pk)
    form = HoldingEndForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.holding_end(
                holding=holding, on=form.cleaned_data["on"], by=request.user
            ),
        )
        if form.is_valid():
            messages.success(request, _("The term is ended."))
            return redirect(holding.post)
    return render(
        request,
        "regions/holding_end_form.html",
        {"holding": holding, "form": form},
        status=400 if form.errors else 200,
    )


# Setting up the region on its own pages: sub-regions, Members, entities, organisations, posts


def _add_page(request, *, form, save, title, done, next_url):
    """A form that creates one thing through one service, then goes to `next_url(obj)`."""
    if request.method == "POST":
        obj = form_save(form, save)
        if obj is not None:
            messages.success(request, done % {"name": obj})
            return redirect(next_url(obj))
    return render(
        request,
        "regions/add_form.html",
        {"form": form, "title": title},
        status=400 if form.errors else 200,
    )


@secretariat_only
def sub_region_add(request, region):
    return _add_page(
        request,
        form=SubRegionForm(request.POST or None),
        save=lambda f: services.sub_region_create(region=region, by=request.user, **f.cleaned_data),
        title=_("Add a sub-region"),
        done=_("The sub-region %(name)s is added."),
        next_url=lambda obj: reverse("regions:member-list", args=[region.slug]),
    )


@secretariat_only
def member_add(request, region):
    return _add_page(
        request,
        form=NewMemberForm(request.POST or None, region=region),
        save=lambda f: services.member_create(region=region, by=request.user, **f.cleaned_data),
        title=_("Add a Member"),
        done=_("%(name)s is added to the Members."),
        next_url=lambda obj: obj.get_absolute_url(),
    )


@secretariat_only
def member_import(request, region):
    """The import command's checks, dry run and row report, on the site."""
    form = MemberImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importing.import_members(
            form.cleaned_data["file"],
            region=region,
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(
        request,
        "regions/member_import.html",
        {
            "form": form,
            "result": result,
            "rows": importing.change_rows(result) if result and result.ok else [],
            "summary": importing.summary(result) if result and result.ok else "",
            "columns": importing.COLUMNS,
        },
        status=400 if form.errors or (result and not result.ok) else 200,
    )


@secretariat_only
def entity_add(request, region):
    return _add_page(
        request,
        form=EntityForm(request.POST or None),
        save=lambda f: services.entity_create(
            region=region,
            by=request.user,
            order=region.entities.count(),
            **f.cleaned_data,
        ),
        title=_("Add a regional entity"),
        done=_("%(name)s is added to the regional entities."),
        next_url=lambda obj: obj.get_absolute_url(),
    )


@secretariat_only
def organisation_add(request, region):
    return _add_page(
        request,
        form=OrganisationForm(request.POST or None),
        save=lambda f: services.organisation_create(
            region=region, by=request.user, **f.cleaned_data
        ),
        title=_("Add an organisation"),
        done=_("%(name)s is added to the organisations."),
        next_url=lambda obj: reverse("regions:entity-list", args=[region.slug]),
    )


@secretariat_only
def post_add(request, region):
    return _add_page(
        request,
        form=PostForm(request.POST or None, region=region),
        save=lambda f: services.post_create(
            region=region, by=request.user, order=region.posts.count(), **f.cleaned_data
        ),
        title=_("Add a post"),
        done=_("The post %(name)s is added."),
        next_url=lambda obj: obj.get_absolute_url(),
    )


def _audit_filtered(request, region):
    """The filter form and the entries it selects; an invalid filter selects nothing."""
    require(request, "regions.view_audit", region)
    people, actions, kinds = selectors.audit_filter_choices(region)
    form = AuditFilterForm(request.GET or None, people=people, actions=actions, kinds=kinds)
    if not form.is_bound:
        return form, selectors.audit_entries(region)
    if not form.is_valid():
        return form, AuditEntry.objects.none()
    return form, selectors.audit_entries(region, **form.cleaned_data)


@login_required
@with_region
def audit_log(request, region):
    form, entries = _audit_filtered(request, region)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regions/audit_log.html",
        {"page": page, "form": form, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def audit_export(request, region):
    """The filtered trail as CSV, times in UTC, every change as JSON."""
    form, entries = _audit_filtered(request, region)
    if form.errors:
        return redirect(
            f"{reverse('regions:audit-log', args=[region.slug])}?{request.GET.urlencode()}"
        )
    columns = [
        _("When (UTC)"),
        _("Who"),
        _("Action"),
        _("Kind of record"),
        _("Record"),
        _("Changes"),
        _("Note"),
    ]
    rows = (
        [
            e.at.astimezone(datetime.UTC).isoformat(),
            e.actor.email if e.actor else _("system"),
            e.action_display,
            e.target_type.name,
            e.target_repr,
            json.dumps(e.changes, ensure_ascii=False, default=str),
            e.note,
        ]
        for e in entries.iterator(chunk_size=500)
    )
    return table_download(
        Table(_("Audit trail"), columns, rows), fmt="csv", name=[region.slug, "audit"]
    )
