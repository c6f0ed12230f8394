"""View helpers every app shares."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .versions import StaleEdit

BIGGEST_ID = 2**63 - 1  # the largest integer a database column holds


def int_param(value) -> int | None:
    """A whole number from a URL or a form (`?theme=12`), or None for anything else: not a
    number, or one no database column can hold (it would fail the query, not just match
    nothing)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
        return None
    number = int(text)
    return number if -BIGGEST_ID <= number <= BIGGEST_ID else None


def form_save(form, save, *, field=None):
    """Validate `form` and call `save(form)`: one service's write. The service's refusal (a
    ValidationError) is shown on the form, each message on the field it names when the form
    has that field, else on `field` (None: above the form).

    Returns what `save` returned, or None when the form or the service refused it (or
    nothing was posted). Afterwards `form.is_valid()` says whether it saved: a refusal
    leaves its errors on the form.
    """
    if not form.is_valid():
        return None
    try:
        return save(form)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else field, errors)
        else:
            form.add_error(field, error)
        return None


def edit_versioned(request, *, form, save, template, context, success_url, success_message):
    """Validate `form`, call `save(form)`; on a stale edit show both versions and keep input."""
    conflict = None
    if request.method == "POST":
        try:
            form_save(form, save)
        except StaleEdit as stale:
            conflict = stale
            form.rebase(stale.current.version)
        else:
            if form.is_valid():
                messages.success(request, success_message)
                return redirect(success_url)
    status = 409 if conflict else (400 if form.is_bound and form.errors else 200)
    return render(request, template, {**context, "form": form, "conflict": conflict}, status=status)


def create_from_form(request, *, form, create, template, success_message, context=None):
    """Validate `form`, call `create(form)` (a service's new object) and go to what it made."""
    if request.method == "POST" and (created := form_save(form, create)) is not None:
        messages.success(request, success_message)
        return redirect(created)
    status = 400 if form.errors else 200
    return render(request, template, {**(context or {}), "form": form}, status=status)
