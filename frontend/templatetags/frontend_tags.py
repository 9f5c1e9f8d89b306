from django import template
from django.utils.safestring import mark_safe

from frontend import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """This page's URL in another language, for the switch: a plain link, so switching needs
    no JavaScript. A Wagtail page without a translation switches to that language's home."""
    request = context["request"]
    return alternates.other_language_url(request.get_full_path(), language, context.get("page"))


@register.simple_tag(takes_context=True)
def hreflang_alternates(context) -> list[tuple[str, str]]:
    """[(hreflang, absolute URL)] of this page's versions, plus x-default (the Chinese one)."""
    request = context["request"]
    found = alternates.alternates(request.path, context.get("page"))
    result = [(tag, request.build_absolute_uri(url)) for tag, url in found.items()]
    if "zh-Hans" in found:
        result.append(("x-default", request.build_absolute_uri(found["zh-Hans"])))
    return result


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # Rendered template output, already escaped: mark it so it is not escaped twice.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}``: render once into a variable, so a block (the
    title, the description) can be used in several tags of the head."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
