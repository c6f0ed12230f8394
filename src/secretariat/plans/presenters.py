"""The charts of a plan, in the viewer's language: the words around `charts`' drawings."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import charts
from .status import Status

STATUS_LABELS = {
    Status.GREEN: gettext_lazy("On track"),
    Status.AMBER: gettext_lazy("At risk"),
    Status.RED: gettext_lazy("Off track"),
    Status.NO_DATA: gettext_lazy("No data yet"),
}


def _bar(label, figure):
    return charts.Bar(
        label=label,
        percent=figure.percent,
        status=str(figure.status),
        status_label=str(STATUS_LABELS[figure.status]),
    )


def _bars_summary(title, bars):
    parts = [
        _("%(label)s: %(value)s") % {"label": b.label, "value": _("no data yet")}
        if b.percent is None
        else _("%(label)s: %(percent)s%%, %(status)s")
        % {"label": b.label, "percent": b.percent, "status": b.status_label.lower()}
        for b in bars
    ]
    return f"{title}. " + "; ".join(parts) + "."


def _progress_chart(title, bars):
    return charts.bar_chart(
        title=title,
        bars=bars,
        no_data=_("no data yet"),
        headers=(_("Part of the plan"), _("Progress"), _("Status")),
        summary=_bars_summary(title, bars),
    )


def focus_area_chart(board):
    """Progress per focus area."""
    bars = [_bar(f"{a.number}. {a.title}", a.figure) for a in board.focus_areas]
    return _progress_chart(_("Progress per focus area"), bars)


def objective_chart(area):
    bars = [_bar(f"{o.number} {o.title}", o.figure) for o in area.objective_list]
    return _progress_chart(
        _("Progress per objective of focus area %(number)s") % {"number": area.number}, bars
    )


def _pct(value):
    return None if value is None else round(value * 100)


def plan_trend_chart(board):
    """The plan's progress at the end of each period: what was approved up to then."""
    labels = [p.label for p in board.periods]
    values = [_pct(v) for v in board.by_period]
    title = _("Progress of the plan over its reporting periods (%)")
    said = "; ".join(
        f"{label}: " + (_("no data yet") if v is None else f"{v}%")
        for label, v in zip(labels, values, strict=True)
    )
    return charts.trend_chart(
        title=title,
        periods=labels,
        targets=[100] * len(labels),
        actuals=values,
        legend=(_("Target"), _("Progress")),
        headers=(_("Period"), _("Target"), _("Progress")),
        summary=f"{title}. {said}.",
        from_zero=True,
    )


def indicator_chart(indicator, periods, observations):
    labels = [p.label for p in periods]
    targets = [o.target for o in observations]
    actuals = [o.actual for o in observations]
    title = _("%(indicator)s: targets and approved values (%(unit)s)") % {
        "indicator": indicator.title,
        "unit": indicator.unit,
    }
    said = "; ".join(
        _("%(period)s: target %(target)s, approved %(actual)s")
        % {
            "period": label,
            "target": charts.fmt(t),
            "actual": _("none yet") if a is None else charts.fmt(a),
        }
        for label, t, a in zip(labels, targets, actuals, strict=True)
    )
    baseline = _("Baseline %(value)s on %(date)s") % {
        "value": charts.fmt(float(indicator.baseline_value)),
        "date": date_format(indicator.baseline_on, "j F Y"),
    }
    return charts.trend_chart(
        title=title,
        periods=labels,
        targets=targets,
        actuals=actuals,
        legend=(_("Target"), _("Approved value")),
        headers=(_("Period"), _("Target"), _("Approved value")),
        summary=f"{title}. {baseline}. {said}.",
    )


def survey_chart(question):
    """Answers to a closed question, as shares of those who answered it."""
    summary = question.summary
    total = summary.answered or 1
    names = {"yes": _("Yes"), "no": _("No")}
    bars = [
        charts.Bar(
            label=str(names.get(option, option)),
            percent=round(count * 100 / total),
            status="count",
            status_label=ngettext("%(n)s answer", "%(n)s answers", count) % {"n": count},
        )
        for option, count in summary.counts
    ]
    said = "; ".join(f"{b.label}: {b.status_label} ({b.percent}%)" for b in bars)
    return charts.bar_chart(
        title=question.text,
        bars=bars,
        no_data=_("no data yet"),
        headers=(_("Answer"), _("Share"), _("Answers")),
        # A question ends with its own mark; a full stop after "?" would read twice.
        summary=f"{question.text}{'' if question.text[-1:] in '?.!' else '.'} {said}.",
    )
