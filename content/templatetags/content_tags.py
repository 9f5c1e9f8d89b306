from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from content.models import HelpSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def help_hotlines(context) -> list[dict]:
    """The callable help lines for the help block, in the language being served."""
    request = context.get("request")
    if request is not None and Site.find_for_request(request) is not None:
        # for_request caches the setting on the request: one query per page, not per use.
        settings = HelpSettings.for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return []
        settings = HelpSettings.for_site(site)
    return settings.public_hotlines(get_language())


@register.filter
def in_language(record) -> str:
    """A directory record's name in the language being served (Chinese when no English one)."""
    return record.display_name(get_language())
