"""One region per record: every record reaches its region through a region path, and links
only objects of that same region (decision 0019).

Core knows no app, so it finds the paths from the models themselves: the region model is
the one other models point at through a foreign key named `region`; a model with such a
key has the path "region"; any other model follows its first required foreign key to a
model that has a path (an agenda item: "session__region"). A model with no such key (a
user, an audit entry) belongs to no region and may link anything.

The one exception is deliberate: a body shared by every region (the WCO Secretariat and its
Secretary General) is one record with no region and a `shared` flag set; any region's record
may link it, and it links nothing of a single region (see `check_one_region`).

The rule is checked before every save (`check_one_region`, connected in CoreConfig.ready),
by `save_versioned`, and by the admin's forms (`OneRegionForm`), which show it as a form
error. Choice lists use `in_regions` to offer only a region's objects.
"""

import functools

from django import forms
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OTHER_REGION = _("This belongs to another region.")


@functools.cache
def _region_model():
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "region"), None)
        if field is not None and field.many_to_one:
            return field.related_model
    return None


@functools.cache
def region_path(model) -> str | None:
    """The lookup from `model` to its region's id ("pk" for the region itself), or None."""
    return _path(model, _region_model(), ())


def _path(model, region, seen):
    if model is region:
        return "pk"
    fields = [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    if any(f.name == "region" and f.related_model is region for f in fields):
        return "region"
    for field in fields:
        related = field.related_model
        if field.null or related is model or related in seen:
            continue
        path = _path(related, region, (*seen, model))
        if path is not None:
            return field.name if path == "pk" else f"{field.name}__{path}"
    return None


def is_shared(obj) -> bool:
    """A body shared by every region: a row whose model has a `shared` flag, set."""
    return getattr(obj, "shared", False) is True


def in_regions(queryset, region_ids, *, with_shared=False):
    """`queryset` narrowed to the rows of the regions `region_ids` (all rows if no path),
    and the bodies every region shares if `with_shared` (for choices of what to link)."""
    path = region_path(queryset.model)
    if path is None:
        return queryset
    wanted = Q(**{f"{path}__in": region_ids})
    if with_shared and any(f.name == "shared" for f in queryset.model._meta.fields):
        wanted |= Q(shared=True)
    return queryset.filter(wanted)


def region_id_of(obj) -> int | None:
    """The id of `obj`'s region, following loaded objects and asking the database at most once."""
    path = region_path(type(obj))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    steps = path.split("__")
    for i, name in enumerate(steps):
        field = obj._meta.get_field(name)
        if i == len(steps) - 1:
            return getattr(obj, field.attname)
        if not field.is_cached(obj):
            key = getattr(obj, field.attname)
            if key is None:
                return None
            rest = "__".join(steps[i + 1 :])
            rows = field.related_model._base_manager.filter(pk=key).values_list(rest, flat=True)
            return rows.first()
        obj = getattr(obj, name)
        if obj is None:
            return None
    return None


def _linked_region_id(obj, field):
    if field.is_cached(obj):
        related = getattr(obj, field.name)
        return None if related is None else region_id_of(related)
    key = getattr(obj, field.attname)
    path = region_path(field.related_model)
    if key is None or path == "pk":
        return key
    rows = field.related_model._base_manager.filter(pk=key).values_list(path, flat=True)
    return rows.first()


def check_one_region(obj, links=None) -> None:
    """Refuse `obj` if one of its foreign keys, or one of the objects in `links` ({many-to-many
    field name: objects}), belongs to another region than `obj`."""
    own = region_id_of(obj)
    shared = is_shared(obj)
    if own is None and not shared:
        return
    first_step = region_path(type(obj)).split("__")[0]
    errors = {}
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.name == first_step:
            continue
        if region_path(field.related_model) is None:
            continue
        theirs = _linked_region_id(obj, field)
        # The one exception (decision 0019): a body shared by every region has no region
        # (`theirs` is None), so any region's record may link it. A shared body itself
        # links only other shared bodies, never one region's objects.
        if theirs is not None and (shared or theirs != own):
            errors[field.name] = OTHER_REGION
    for name, objects in (links or {}).items():
        if any(region_id_of(each) not in (None, own) for each in objects):  # None: shared
            errors[name] = OTHER_REGION
    if errors:
        raise ValidationError(errors)


def before_save(sender, instance, raw=False, **kwargs):
    """pre_save: a fixture being loaded (`raw`) is taken as it is."""
    if not raw:
        check_one_region(instance)


def before_linking(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed: objects added to a many-to-many field belong to the record's region."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # the record is the one added to: each owner must share its region
        for owner in model._base_manager.filter(pk__in=pk_set):
            region = region_id_of(owner)
            if region is not None and region_id_of(instance) not in (None, region):
                raise ValidationError(OTHER_REGION)
        return
    check_one_region(instance, {"links": model._base_manager.filter(pk__in=pk_set)})


class OneRegionForm(forms.ModelForm):
    """A model form that shows the one-region rule as form errors instead of failing on save."""

    def _post_clean(self):
        super()._post_clean()
        links = {
            name: value
            for name, value in self.cleaned_data.items()
            if isinstance(self.fields.get(name), forms.ModelMultipleChoiceField)
        }
        try:
            check_one_region(self.instance, links)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else NON_FIELD_ERRORS, messages)
