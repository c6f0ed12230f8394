from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.registry import todos_for
from secretariat.core.views import form_save

from . import services
from .forms import ActivateForm, PreferencesForm, SignInAddressForm, TokenForm
from .models import AccessToken, CalendarFeed


@login_required
def home(request):
    person = getattr(request.user, "person", None)
    roles = (
        list(person.roles.active_on().select_related("region", "member", "entity", "organisation"))
        if person
        else []
    )
    if roles:
        request.region = roles[0].region  # the header then offers the region's navigation
    return render(
        request,
        "accounts/home.html",
        {
            "todos": todos_for(request.user),
            "person": person,
            "roles": roles,
        },
    )


@login_required
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None, initial={"language": user.language, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        services.user_preferences_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:preferences")
    return render(
        request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def sign_in_address(request):
    """The address one signs in with (and receives sign-in mail at): its holder changes it,
    confirming from the new address. It serves allauth's email page's address."""
    # An empty POST is a POST: bound, so it is refused with the form's errors (`or None`
    # left it unbound, with no errors and no cleaned_data: a server error).
    form = SignInAddressForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.sign_in_address_request(
                user=request.user, email=form.cleaned_data["email"]
            ),
            field="email",
        )
        if form.is_valid():
            messages.success(
                request,
                _(
                    "A confirmation link is on its way to %(email)s: your sign-in address "
                    "changes when you follow it."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("account_email")
    return render(
        request,
        "accounts/sign_in_address.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def sign_in_address_confirm(request, token):
    try:
        new = services.sign_in_address_pending(user=request.user, token=token)
        if request.method == "POST":
            services.sign_in_address_confirm(user=request.user, token=token)
    except ValidationError as error:
        return render(
            request, "accounts/sign_in_address_invalid.html", {"error": error}, status=404
        )
    if request.method == "POST":
        messages.success(request, _("You now sign in as %(email)s.") % {"email": new})
        return redirect("account_email")
    return render(request, "accounts/sign_in_address_confirm.html", {"new": new})


@require_POST
def language(request):
    """Switch the interface language; a signed-in person keeps the choice."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if code in dict(PreferencesForm.base_fields["language"].choices):
        if request.user.is_authenticated:
            services.user_preferences_update(
                user=request.user, language=code, time_zone=request.user.time_zone
            )
        response.set_cookie("django_language", code, samesite="Lax", max_age=365 * 86400)
    return response


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        issued = form_save(
            form,
            lambda form: services.token_issue(user=request.user, **form.cleaned_data),
            field="name",
        )
        if issued is not None:
            _token, secret = issued
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": request.user.tokens.all(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def calendar_feed(request):
    """Make (or remake) the secret address of the user's meetings calendar."""
    address = None
    if request.method == "POST":
        _feed, secret = services.calendar_feed_issue(user=request.user)
        address = request.build_absolute_uri(reverse("meetings:calendar-feed", args=[secret]))
    feed = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    return render(request, "accounts/calendar_feed.html", {"feed": feed, "address": address})


@require_POST
@login_required
def calendar_feed_revoke(request, pk):
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user, revoked_at__isnull=True)
    services.calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("Your calendar address is revoked: it no longer works."))
    return redirect("accounts:calendar-feed")


def invitation_accept(request, key):
    invitation = services.invitation_for_key(key)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Not signed in yet: speak the language the invitation was written in, unless the
        # visitor has chosen one with the language switch.
        request.LANGUAGE_CODE = invitation.person.user.language
        translation.activate(request.LANGUAGE_CODE)
    form = ActivateForm(request.POST or None)
    if request.method == "POST":
        user = form_save(
            form,
            lambda form: services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            ),
            field="password1",
        )
        if user is not None:
            login(request, user, backend="secretariat.accounts.backends.AuthenticationBackend")
            messages.success(request, _("Welcome! Your account is active."))
            return redirect("accounts:home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "person": invitation.person},
        status=400 if form.errors else 200,
    )
