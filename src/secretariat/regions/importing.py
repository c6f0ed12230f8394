"""Import Members and their contacts from a CSV or XLSX file.

Three steps, each separate: `read_rows` turns the file into (line, {column: text}) rows;
`plan_members` checks every row against the region and works out what would change,
collecting every error as (line, column, reason); `import_members` refuses the whole file if
there is any error and otherwise applies the plan in one transaction through the services,
which record the audit. Nothing here writes except through `services`.

Lines are counted as a spreadsheet shows them: the heading row is line 1.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from secretariat.core import spreadsheets
from secretariat.core.files import check_upload
from secretariat.core.spreadsheets import Refused, RowError
from secretariat.core.versions import StaleEdit

from . import services
from .models import Member, Person

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# column -> Member field
MEMBER_COLUMNS = {
    "short_name_en": "short_name_en",
    "short_name_fr": "short_name_fr",
    "official_name_en": "official_name_en",
    "official_name_fr": "official_name_fr",
    "administration_en": "administration_en",
    "administration_fr": "administration_fr",
    "sub_region": "sub_region",
    "country_code": "country_code",
    "aliases": "aliases",
    "joined_on": "joined_on",
    "left_on": "left_on",
    "website": "website",
}
# column -> Person field
CONTACT_COLUMNS = {
    "contact_name": "name",
    "contact_honorific": "honorific",
    "contact_position": "position_en",
    "contact_position_fr": "position_fr",
    "contact_email": "email",
    "contact_phone": "phone",
}
COLUMNS = list(MEMBER_COLUMNS) + list(CONTACT_COLUMNS)
COLUMN_FOR = {v: k for k, v in MEMBER_COLUMNS.items()} | {v: k for k, v in CONTACT_COLUMNS.items()}


@dataclass
class Change:
    """What a row does (or would do) to one Member or contact."""

    line: int
    kind: str  # "member" or "contact"
    action: str  # "created", "updated" or "unchanged"
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


# Reading


def read_rows(upload, *, max_bytes: int = MAX_BYTES) -> list[tuple[int, dict[str, str]]]:
    """The file's data rows as (line, {column: text}); raise `Refused` if it cannot be read."""
    try:
        kind = check_upload(upload, kinds={"csv", "xlsx"}, max_bytes=max_bytes)
    except ValidationError as exc:
        raise Refused([RowError(None, "", m) for m in exc.messages]) from None
    upload.seek(0)
    records = spreadsheets.records(upload, kind=kind, max_rows=MAX_ROWS)
    records = iter(records)
    header = None
    for line, cells in records:
        if any(cells):
            header = (line, cells)
            break
    if header is None:
        raise Refused([RowError(None, "", _("The file has no heading row."))])
    header_line, names = header
    columns, errors = [], []
    for raw in names:
        name = raw.strip().lower()
        if not name:
            columns.append(None)
        elif name not in COLUMNS:
            errors.append(RowError(header_line, raw, _("This column is not one the import knows.")))
            columns.append(None)
        elif name in columns:
            errors.append(RowError(header_line, raw, _("This column appears twice.")))
            columns.append(None)
        else:
            columns.append(name)
    if "short_name_en" not in columns:
        errors.append(RowError(header_line, "short_name_en", _("This column is required.")))
    rows = []
    for line, cells in records:
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            errors.append(
                RowError(line, "", _("A file may hold at most %(n)s rows.") % {"n": MAX_ROWS})
            )
            break
        row = {}
        for position, value in enumerate(cells):
            name = columns[position] if position < len(columns) else None
            if name is not None:
                row[name] = value
            elif value and (position >= len(names) or not names[position].strip()):
                errors.append(
                    RowError(
                        line, "", _("This row has a value in a column with no heading."), value
                    )
                )
                break
        rows.append((line, row))
    if errors:
        raise Refused(errors)
    if not rows:
        raise Refused([RowError(None, "", _("The file has no rows under its heading."))])
    return rows


# Checking and planning

ALIAS_SEPARATOR = ";"
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def _form_fields() -> dict:
    out = {}
    for column, name in MEMBER_COLUMNS.items():
        if column in ("sub_region", "country_code", "aliases"):
            continue
        extra = {"input_formats": ["%Y-%m-%d"]} if column.endswith("_on") else {}
        out[column] = Member._meta.get_field(name).formfield(required=False, **extra)
    for column, name in CONTACT_COLUMNS.items():
        out[column] = Person._meta.get_field(name).formfield(required=False)
    return out


def _aliases(value: str) -> str:
    seen, out = set(), []
    for alias in value.split(ALIAS_SEPARATOR):
        alias = alias.strip()
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            out.append(alias)
    return "\n".join(out)


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\n", f"{ALIAS_SEPARATOR} ")


@dataclass
class _Step:
    line: int
    change: Change
    values: dict  # everything to create with, or only what changes
    obj: object = None  # the Member or Person, once it exists
    member_step: "_Step | None" = None


@dataclass
class Plan:
    errors: list[RowError] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [s.change for s in self.steps]


class _Checker:
    def __init__(self, region):
        self.region = region
        self.fields = _form_fields()
        self.sub_regions = {}
        for sub_region in region.sub_regions.all():
            for name in (sub_region.name_en, sub_region.name_fr):
                if name:
                    self.sub_regions.setdefault(name.casefold(), sub_region)
        self.members = {}
        for member in region.members.select_related("sub_region").prefetch_related("people"):
            for key in {member.slug, member.short_name_en, *member.alias_list}:
                self.members.setdefault(key.casefold(), {})[member.pk] = member

    def clean(self, column, value):
        if column == "short_name_en":
            return self.fields[column].clean(value)
        if column == "sub_region":
            try:
                return self.sub_regions[value.casefold()]
            except KeyError:
                known = ", ".join(sorted({s.name_en for s in self.sub_regions.values()}))
                raise ValidationError(
                    _("This region has no such sub-region (it has: %(known)s).")
                    % {"known": known or "—"}
                ) from None
        if column == "country_code":
            if not COUNTRY_CODE.fullmatch(value):
                raise ValidationError(_("Enter a two-letter ISO country code, such as ID or FJ."))
            return value.upper()
        if column == "aliases":
            return _aliases(value)
        return self.fields[column].clean(value)

    def match(self, name):
        return list(self.members.get(name.casefold(), {}).values())


def _member_change(line, member, name, values) -> tuple[Change, dict]:
    if member is None:
        shown = [("short_name_en", "", name)] + [
            (COLUMN_FOR[f], "", _show(v)) for f, v in values.items()
        ]
        return Change(line, "member", "created", name, shown), {"short_name_en": name, **values}
    changed, shown = {}, []
    for f, new in values.items():
        old = getattr(member, f)
        same = member.alias_list == new.splitlines() if f == "aliases" else old == new
        if not same:
            changed[f] = new
            shown.append((COLUMN_FOR[f], _show(old), _show(new)))
    action = "updated" if changed else "unchanged"
    return Change(line, "member", action, member.short_name_en, shown), changed


def _contact_change(line, person, values) -> tuple[Change, dict]:
    if person is None:
        shown = [(COLUMN_FOR[f], "", _show(v)) for f, v in values.items()]
        return Change(line, "contact", "created", values["name"], shown), values
    changed, shown = {}, []
    for f, new in values.items():
        old = getattr(person, f)
        same = old.casefold() == new.casefold() if f == "email" else old == new
        if not same:
            changed[f] = new
            shown.append((COLUMN_FOR[f], _show(old), _show(new)))
    action = "updated" if changed else "unchanged"
    return Change(line, "contact", action, person.name, shown), changed


def plan_members(rows, *, region) -> Plan:
    """Check every row and work out what it changes; every problem becomes a `RowError`."""
    checker = _Checker(region)
    plan = Plan()
    seen = {}  # Member key -> (first line, values, step)
    seen_contacts = {}  # (Member key, contact key) -> line
    for line, row in rows:
        errors = []

        def bad(column, reason, value="", line=line, errors=errors):
            errors.append(RowError(line, column, reason, value))

        cleaned = {}
        for column, value in row.items():
            if value:
                try:
                    cleaned[column] = checker.clean(column, value)
                except ValidationError as exc:
                    for message in exc.messages:
                        bad(column, message, value)
        name = cleaned.get("short_name_en", "")
        if not row.get("short_name_en"):
            bad("short_name_en", _("This field is required."))
        member_values = {MEMBER_COLUMNS[c]: v for c, v in cleaned.items() if c in MEMBER_COLUMNS}
        member_values.pop("short_name_en", None)
        contact_values = {CONTACT_COLUMNS[c]: v for c, v in cleaned.items() if c in CONTACT_COLUMNS}
        has_contact = any(row.get(c) for c in CONTACT_COLUMNS)
        if has_contact and not row.get("contact_name"):
            bad("contact_name", _("A contact needs a name."))

        member, key = None, None
        if name:
            matches = checker.match(name)
            if len(matches) > 1:
                bad(
                    "short_name_en",
                    _("This name matches several Members: %(names)s.")
                    % {"names": ", ".join(sorted(m.short_name_en for m in matches))},
                    name,
                )
            elif matches:
                member = matches[0]
            key = ("pk", member.pk) if member else ("new", name.casefold())

        member_step = None
        if key in seen:
            first_line, first_values, member_step = seen[key]
            for f, v in member_values.items():
                if first_values.get(f) != v:
                    column = COLUMN_FOR[f]
                    bad(
                        column,
                        _("This Member is already on line %(line)s; give its details there.")
                        % {"line": first_line},
                        row[column],
                    )
            if not has_contact:
                bad(
                    "short_name_en",
                    _("This Member is already on line %(line)s.") % {"line": first_line},
                    row["short_name_en"],
                )
        elif name:
            if member is None and not row.get("official_name_en"):
                bad("official_name_en", _("A new Member needs an official name."))
            joined = member_values.get("joined_on", member.joined_on if member else None)
            left = member_values.get("left_on", member.left_on if member else None)
            if joined and left and left < joined:
                bad("left_on", _("A Member cannot leave before it joins."), row["left_on"])

        contact_key = None
        if has_contact and row.get("contact_name") and key is not None:
            email = contact_values.get("email", "")
            contact_key = (
                key,
                ("email", email.casefold()) if email else ("name", row["contact_name"].casefold()),
            )
            if contact_key in seen_contacts:
                column = "contact_email" if email else "contact_name"
                bad(
                    column,
                    _("This contact is already on line %(line)s.")
                    % {"line": seen_contacts[contact_key]},
                    row[column],
                )

        if errors:
            plan.errors.extend(errors)
            continue

        if member_step is None:
            change, values = _member_change(line, member, name, member_values)
            member_step = _Step(line, change, values, obj=member)
            plan.steps.append(member_step)
            seen[key] = (line, member_values, member_step)
        if contact_key is not None:
            seen_contacts[contact_key] = line
            person = None
            if member is not None:
                kind, wanted = contact_key[1]
                for candidate in member.people.all():
                    have = candidate.email if kind == "email" else candidate.name
                    if have.casefold() == wanted:
                        person = candidate
                        break
            change, values = _contact_change(line, person, contact_values)
            plan.steps.append(_Step(line, change, values, obj=person, member_step=member_step))
    return plan


# Applying


class _Failed(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _errors_from(exc: ValidationError, line: int) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(line, "", m) for m in exc.messages]
    return [
        RowError(line, COLUMN_FOR.get(f, ""), m)
        for f, messages in exc.message_dict.items()
        for m in messages
    ]


def _apply(plan: Plan, *, region, by) -> None:
    for step in plan.steps:
        try:
            if step.change.kind == "member":
                if step.obj is None:
                    step.obj = services.member_create(region=region, by=by, **step.values)
                elif step.values:
                    services.member_update(member=step.obj, by=by, **step.values)
            elif step.obj is None:
                step.obj = services.person_create(
                    region=region, by=by, member=step.member_step.obj, **step.values
                )
            elif step.values:
                services.person_update(person=step.obj, by=by, **step.values)
        except ValidationError as exc:
            raise _Failed(_errors_from(exc, step.line)) from None
        except StaleEdit:
            raise _Failed(
                [RowError(step.line, "", _("Someone changed this row meanwhile; import again."))]
            ) from None


def import_members(
    upload, *, region, by, dry_run=False, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Create or update `region`'s Members and contacts from `upload`, all or nothing.

    `upload` is a binary file with a `size` (a Django `File` or uploaded file). With any
    error the result lists every error and nothing is written; with `dry_run` the result
    lists what would change and nothing is written either.
    """
    try:
        rows = read_rows(upload, max_bytes=max_bytes)
    except Refused as exc:
        return ImportResult(errors=exc.errors, dry_run=dry_run)
    plan = plan_members(rows, region=region)
    if plan.errors:
        return ImportResult(errors=plan.errors, dry_run=dry_run)
    if not dry_run:
        try:
            with transaction.atomic():
                _apply(plan, region=region, by=by)
        except _Failed as exc:
            return ImportResult(errors=exc.errors, dry_run=dry_run)
    return ImportResult(changes=plan.changes, dry_run=dry_run)


# Reporting: the same row report for the command and the page


def change_rows(result: ImportResult) -> list[dict]:
    """Each change as {line, record, action, name, details: [text]}, in the active language."""
    if result.dry_run:
        actions = {
            "created": _("would be created"),
            "updated": _("would be updated"),
            "unchanged": _("unchanged"),
        }
    else:
        actions = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged")}
    kinds = {"member": _("Member"), "contact": _("contact")}
    return [
        {
            "line": change.line,
            "record": kinds[change.kind],
            "action": actions[change.action],
            "name": change.label,
            "details": [
                f"{column}: {old} → {new}" if change.action == "updated" else f"{column}: {new}"
                for column, old, new in change.fields
            ],
        }
        for change in result.changes
    ]


def summary(result: ImportResult) -> str:
    counts = {k: result.count(k) for k in ("created", "updated", "unchanged")}
    if result.dry_run:
        text = _(
            "Dry run, nothing written: %(created)s would be created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
    else:
        text = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
    return text % counts
