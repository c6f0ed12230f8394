"""Short addresses: a region's Members, entities, posts and meeting series each have one."""

from django.utils.text import slugify


def unique_slug(model, region, text) -> str:
    """A slug from `text` not yet used by another `model` row of `region` ("item" if empty)."""
    base = slugify(text)[:45] or "item"
    slug, n = base, 2
    while model.objects.filter(region=region, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
