"""The implementation survey: Members answer while it is open; results once it has closed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.tables import Table, table_download
from secretariat.core.views import form_save
from secretariat.regions.web import require, with_region

from . import presenters, selectors, services
from .forms import AnswerForm, QuestionEditForm, QuestionForm, SurveyEditForm, SurveyForm
from .models import Question, Survey
from .structure_views import add_page, edit_page


def _survey(request, region, pk):
    survey = get_object_or_404(selectors.surveys_visible(region, request.user), pk=pk)
    survey.region = region
    return survey


@login_required
@with_region
def survey_list(request, region):
    surveys = selectors.surveys_visible(region, request.user).select_related("region", "plan")
    can_manage = request.user.has_perm("plans.manage_plans", region)
    return render(request, "plans/survey_list.html", {"surveys": surveys, "can_manage": can_manage})


@login_required
@with_region
def survey_detail(request, region, pk):
    survey = _survey(request, region, pk)
    member = selectors.answering_member(region, request.user)
    form = None
    if member is not None and survey.is_open():
        questions = list(survey.questions.all())
        form = AnswerForm(
            request.POST or None,
            questions=questions,
            answers=selectors.answers_of(survey, member),
        )
        if request.method == "POST":
            require(request, "plans.answer_survey", member)
            form_save(
                form,
                lambda form: services.response_save(
                    survey=survey, member=member, by=request.user, answers=form.answers()
                ),
            )
            if form.is_valid():
                messages.success(
                    request, _("Your answers are saved; you can change them until it closes.")
                )
                return redirect(survey.get_absolute_url())
    elif request.method == "POST":
        raise Http404
    can_manage = request.user.has_perm("plans.manage_plans", region)
    context = {
        "survey": survey,
        "member": member,
        "form": form,
        "can_manage": can_manage,
        "may_see_results": request.user.has_perm("plans.view_survey_results", survey),
        "answered": member is not None and survey.responses.filter(member=member).exists(),
    }
    if can_manage:
        _questions, responded, invited, rate = selectors.survey_results(survey)
        context.update(
            responded=responded, invited=invited, rate=rate, questions=survey.questions.all()
        )
    return render(request, "plans/survey_detail.html", context)


def _switch(request, region, pk, action, done):
    survey = _survey(request, region, pk)
    require(request, "plans.manage_plans", region)
    try:
        action(survey=survey, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(survey.get_absolute_url())


@require_POST
@login_required
@with_region
def survey_open(request, region, pk):
    return _switch(request, region, pk, services.survey_open, _("The survey is open."))


@require_POST
@login_required
@with_region
def survey_close(request, region, pk):
    return _switch(request, region, pk, services.survey_close, _("The survey is closed."))


def _results(request, region, pk):
    survey = _survey(request, region, pk)
    if not request.user.has_perm("plans.view_survey_results", survey):
        raise Http404
    return survey, selectors.survey_results(survey)


@login_required
@with_region
def survey_results(request, region, pk):
    survey, (questions, responded, invited, rate) = _results(request, region, pk)
    for question in questions:
        question.chart = presenters.survey_chart(question) if question.summary.counts else None
    context = {
        "survey": survey,
        "questions": questions,
        "responded": responded,
        "invited": invited,
        "rate": rate,
    }
    return render(request, "plans/survey_results.html", context)


@login_required
@with_region
def survey_results_csv(request, region, pk):
    """The aggregated results, one row per question and answer option: no Member is named."""
    survey, (questions, responded, invited, _rate) = _results(request, region, pk)
    rows = []
    for question in questions:
        summary = question.summary
        if summary.counts:
            for option, count in summary.counts:
                rows.append([question.text, option, count, "", "", ""])
        if summary.mean is not None:
            rows.append(
                [
                    question.text,
                    "",
                    summary.answered,
                    f"{summary.mean:.2f}",
                    summary.minimum,
                    summary.maximum,
                ]
            )
        for text in summary.texts:
            rows.append([question.text, text.replace("\n", " "), 1, "", "", ""])
    rows.append([_("Response rate"), f"{responded}/{invited}", responded, "", "", ""])
    columns = [_("Question"), _("Answer"), _("Answers"), _("Mean"), _("Minimum"), _("Maximum")]
    return table_download(
        Table(_("Results"), columns, rows),
        fmt="csv",
        name=[region.slug, "survey", survey.title_en, "results"],
    )


# The secretariat writes the survey and its questions (questions only until it opens)


def _managed_survey(request, region, pk):
    require(request, "plans.manage_plans", region)
    survey = get_object_or_404(Survey, region=region, pk=pk)
    survey.region = region
    return survey


@login_required
@with_region
def survey_add(request, region):
    require(request, "plans.manage_plans", region)
    return add_page(
        request,
        form=SurveyForm(request.POST or None, region=region),
        create=lambda data: services.survey_create(region=region, by=request.user, **data),
        title=_("New implementation survey"),
        back=reverse("plans:survey-list", args=[region.slug]),
        done=_("The survey is saved; add its questions, then open it."),
    )


@login_required
@with_region
def survey_edit(request, region, pk):
    survey = _managed_survey(request, region, pk)
    return edit_page(
        request,
        form=SurveyEditForm(request.POST or None, instance=survey, region=region),
        save=lambda version, changes: services.survey_update(
            survey=survey, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit %(survey)s") % {"survey": survey.title},
        back=survey.get_absolute_url(),
        done=_("The survey is saved."),
    )


@login_required
@with_region
def question_add(request, region, pk):
    survey = _managed_survey(request, region, pk)
    return add_page(
        request,
        form=QuestionForm(request.POST or None),
        create=lambda data: services.question_add(survey=survey, by=request.user, **data),
        title=_("New question"),
        back=survey.get_absolute_url(),
        then=survey.get_absolute_url(),
        done=_("The question is added."),
    )


@login_required
@with_region
def question_edit(request, region, pk, question):
    survey = _managed_survey(request, region, pk)
    question = get_object_or_404(Question, survey=survey, pk=question)
    question.survey = survey
    return edit_page(
        request,
        form=QuestionEditForm(request.POST or None, instance=question),
        save=lambda version, changes: services.question_update(
            question=question, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit the question"),
        back=survey.get_absolute_url(),
        done=_("The question is saved."),
    )
