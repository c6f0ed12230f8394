"""News: the public archive and pages, and the secretariat's steps from draft to published."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.views import edit_versioned, form_save
from secretariat.gallery.selectors import gallery_page, og_image_url
from secretariat.meetings.models import Session
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import secretariat_only, with_region

from . import selectors, services
from .forms import NewsItemForm, PublishForm
from .models import NewsItem

PER_PAGE = 10


def _item(request, region, slug) -> NewsItem:
    try:
        return selectors.news_page(region, slug, viewer_for(request.user))
    except NewsItem.DoesNotExist:
        raise Http404 from None


# Public pages


@with_region
def news_archive(request, region):
    items = selectors.published_news(region, viewer_for(request.user))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/news_archive.html",
        {"page": page, "can_manage": request.user.has_perm("publishing.manage_news", region)},
    )


@with_region
def news_detail(request, region, slug):
    viewer = viewer_for(request.user)
    item = _item(request, region, slug)
    image = og_image_url(gallery=item.gallery, viewer=viewer)
    return render(
        request,
        "publishing/news_detail.html",
        {
            "item": item,
            "photos": gallery_page(
                gallery=item.gallery, viewer=viewer, number=request.GET.get("photos")
            ),
            "og_image": request.build_absolute_uri(image) if image else None,
            "can_manage": request.user.has_perm("publishing.manage_news", region),
            "page_url": request.build_absolute_uri(item.get_absolute_url()),
        },
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /me/",
        "Disallow: /api/",
        "Disallow: /*/manage/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# The secretariat's steps


@secretariat_only
def news_manage(request, region):
    return render(
        request,
        "publishing/news_manage.html",
        {"items": selectors.drafts_and_published(region)},
    )


@require_POST
@secretariat_only
def news_generate(request, region, session):
    session = get_object_or_404(Session, region=region, pk=session)
    item = services.news_generate(session=session, by=request.user)
    messages.success(
        request, _("A draft is written from the session's data: read it, edit it, publish it.")
    )
    return redirect("publishing:news-edit", region.slug, item.slug)


@secretariat_only
def news_edit(request, region, slug):
    item = _item(request, region, slug)
    form = NewsItemForm(request.POST or None, instance=item)

    def save(form):
        services.news_update(
            item=item,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        )

    return edit_versioned(
        request,
        form=form,
        save=save,
        template="publishing/news_form.html",
        context={"item": item},
        success_url=item.get_absolute_url(),
        success_message=_("The news item is saved."),
    )


@secretariat_only
def news_publish(request, region, slug):
    item = _item(request, region, slug)
    form = PublishForm(
        request.POST or None,
        initial={
            "published_on": item.published_on or timezone.localdate(),
            "lead_en": item.lead_en,
            "lead_fr": item.lead_fr,
        },
    )
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.news_publish(item=item, by=request.user, **form.cleaned_data),
        )
        if form.is_valid():
            messages.success(request, _("The news item is published."))
            return redirect(item)
    return render(
        request,
        "publishing/news_publish.html",
        {"item": item, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@secretariat_only
def news_unpublish(request, region, slug):
    item = _item(request, region, slug)
    try:
        services.news_unpublish(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The news item is taken off the site: it is a draft again."))
    return redirect(item)
