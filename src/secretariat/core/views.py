"""View helpers every app shares."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .versions import StaleEdit


def edit_versioned(request, *, form, save, template, context, success_url, success_message):
    """Validate `form`, call `save(form)`; on a stale edit show both versions and keep input."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except StaleEdit as stale:
            conflict = stale
            form.rebase(stale.current.version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    status = 409 if conflict else (400 if form.is_bound and form.errors else 200)
    return render(request, template, {**context, "form": form, "conflict": conflict}, status=status)


def create_from_form(request, *, form, create, template, success_message, context=None):
    """Validate `form`, call `create(form)` (a service's new object) and go to what it made."""
    if request.method == "POST" and form.is_valid():
        try:
            created = create(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(created)
    status = 400 if form.errors else 200
    return render(request, template, {**(context or {}), "form": form}, status=status)
