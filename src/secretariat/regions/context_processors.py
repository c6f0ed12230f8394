def region(request):
    """The region the page belongs to, for the header and navigation."""
    current = getattr(request, "region", None)
    can_manage = bool(current) and request.user.has_perm("regions.manage_region", current)
    return {"region": current, "can_manage_region": can_manage}
