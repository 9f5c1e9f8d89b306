from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """This page's URL in another language: a plain link, so switching needs no JavaScript."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)
