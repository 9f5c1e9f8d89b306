from django import template

from accounts import services

register = template.Library()


@register.filter
def display_name(user) -> str:
    """A person as the portal names them (``accounts.services.display_name``), never the
    machine user name."""
    return services.display_name(user)


@register.simple_tag
def home_path(user) -> str:
    """Where the signed-in person's work is (``accounts.services.home_path``)."""
    return services.home_path(user)


@register.simple_tag
def is_reviewer(user) -> bool:
    return services.is_reviewer(user)
