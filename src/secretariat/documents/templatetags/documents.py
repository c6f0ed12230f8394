from django import template

from secretariat.regions.selectors import viewer_for

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def session_documents(context, session):
    """The documents of `session` the page's reader may see, with their latest versions."""
    return list(selectors.session_documents(session, viewer_for(context["request"].user)))


@register.simple_tag(takes_context=True)
def may_manage_documents(context, region):
    return context["request"].user.has_perm("documents.manage_documents", region)
