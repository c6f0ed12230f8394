"""A list of practices as a table, for the CSV and XLSX exports of the filtered list."""

from django.utils.translation import gettext as _

from secretariat.core.tables import Table


def practices_table(practices, *, absolute=str) -> Table:
    """The list as a table; `absolute` turns a path into a full address."""
    header = [
        _("Title"),
        _("Member"),
        _("Status"),
        _("Themes"),
        _("Effective from"),
        _("Effective to"),
        _("Last updated"),
        _("Visibility"),
        _("Link"),
    ]
    rows = [
        [
            p.title,
            p.member.short_name,
            p.get_status_display(),
            "; ".join(t.name for t in p.themes.all()),
            p.effective_from.isoformat() if p.effective_from else "",
            p.effective_to.isoformat() if p.effective_to else "",
            p.updated_at.date().isoformat(),
            p.get_visibility_display(),
            absolute(p.get_absolute_url()),
        ]
        for p in practices
    ]
    return Table(_("Practices"), header, rows)
