from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from content.models import HelpSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def help_hotlines(context) -> list[dict]:
    """The callable help lines for the help block, in the language being served."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    return HelpSettings.for_site(site).public_hotlines(get_language())
