"""Reference lists: browse and search the rows, export them, and (secretariat) import them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from secretariat.core.tables import FORMATS, table_download
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region
from secretariat.search.query import parse

from . import references, selectors
from .models import ReferenceList


@with_region
def reference_lists(request, region):
    return render(
        request,
        "practices/reference_lists.html",
        {"lists": selectors.visible_reference_lists(region, viewer_for(request.user))},
    )


def _list(request, region, slug) -> ReferenceList:
    try:
        return selectors.visible_reference_lists(region, viewer_for(request.user)).get(slug=slug)
    except ReferenceList.DoesNotExist:
        raise Http404 from None


def _rows(reference_list, q):
    """The rows with every word of `q` in their code, category, description or notes."""
    rows = reference_list.rows.all()
    for term in parse(q):
        code = f"{term[:4]}.{term[4:]}" if term.isdigit() and len(term) == 6 else term
        rows = rows.filter(
            Q(hs_code__startswith=code)
            | Q(category__icontains=term)
            | Q(description__icontains=term)
            | Q(notes__icontains=term)
        )
    return rows


@with_region
def reference_detail(request, region, slug):
    reference_list = _list(request, region, slug)
    q = request.GET.get("q", "")[:200]
    return render(
        request,
        "practices/reference_detail.html",
        {
            "list": reference_list,
            "rows": _rows(reference_list, q),
            "q": q,
            "can_curate": request.user.has_perm("practices.curate", region),
        },
    )


@with_region
def reference_export(request, region, slug, fmt):
    reference_list = _list(request, region, slug)
    rows = _rows(reference_list, request.GET.get("q", "")[:200])
    if fmt not in FORMATS:
        raise Http404
    table = references.table(rows, title=reference_list.slug)
    return table_download(table, fmt=fmt, name=[region.slug, reference_list.slug])


@login_required
@with_region
def reference_import(request, region, slug):
    require(request, "practices.curate", region)
    reference_list = _list(request, region, slug)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [references.RowError(None, "file", _("Choose a CSV or XLSX file."))]
        else:
            count, errors = references.import_rows(
                reference_list=reference_list, by=request.user, upload=upload
            )
            if not errors:
                messages.success(request, _("%(n)d rows imported.") % {"n": count})
                return redirect(reference_list)
    return render(
        request,
        "practices/reference_import.html",
        {"list": reference_list, "errors": errors, "columns": references.COLUMNS},
        status=400 if errors else 200,
    )
