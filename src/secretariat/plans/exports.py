"""A plan's indicators and its approved progress as CSV or XLSX: one table, two formats.

Only approved figures leave the plan: drafts, submitted and returned updates are the
reporters' and the secretariat's business, not a spreadsheet's.
"""

from django.utils.translation import gettext as _

from secretariat.core.tables import Table

from . import selectors
from .models import ProgressUpdate


def indicators_table(plan) -> Table:
    """Every indicator with its targets and approved values, one row per indicator and period."""
    board = selectors.dashboard(plan)
    rows = []
    for area in board.focus_areas:
        for objective in area.objective_list:
            for row in objective.indicator_rows:
                indicator = row.indicator
                for period, obs in zip(board.periods, row.observations, strict=True):
                    rows.append(
                        [
                            indicator.code,
                            indicator.title,
                            indicator.unit,
                            indicator.baseline_value,
                            indicator.get_direction_display(),
                            period.label,
                            obs.target,
                            obs.actual,
                        ]
                    )
    columns = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Direction"),
        _("Period"),
        _("Target"),
        _("Approved value"),
    ]
    return Table("indicators", columns, rows)


def progress_table(plan) -> Table:
    """The approved updates, one row per indicator and period, in the plan's order."""
    updates = (
        ProgressUpdate.objects.filter(period__plan=plan, status=ProgressUpdate.Status.APPROVED)
        .select_related("indicator", "period")
        .order_by(
            "indicator__objective__focus_area__number",
            "indicator__objective__order",
            "indicator__order",
            "indicator__code",
            "period__starts_on",
        )
    )
    rows = [
        [
            u.indicator.code,
            u.indicator.title,
            u.period.label,
            u.indicator.unit,
            u.value,
            u.narrative,
            u.decided_at.date().isoformat() if u.decided_at else None,
        ]
        for u in updates
    ]
    columns = [
        _("Code"),
        _("Indicator"),
        _("Period"),
        _("Unit"),
        _("Approved value"),
        _("Narrative"),
        _("Approved on (UTC)"),
    ]
    return Table("progress", columns, rows)
