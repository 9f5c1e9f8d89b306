"""StreamField blocks of the press office's pages: text, pictures, quotes, a station's map and a
call to volunteer."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .choosers import service_point_chooser_viewset

ServicePointChooserBlock = service_point_chooser_viewset.get_block_class(
    name="ServicePointChooserBlock", module_path="content.blocks"
)


class CaptionedImageBlock(blocks.StructBlock):
    """A picture with its caption and the photographer's credit (credit is required by licences)."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it. Empty: decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("credit"),
        required=False,
        max_length=100,
        help_text=_("Photographer or source, e.g. 新华社."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "content/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=1000)
    attribution = blocks.CharBlock(
        label=_("attribution"),
        required=False,
        max_length=100,
        help_text=_("Who said it. Never a child's name."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "content/blocks/quote.html"


class ServicePointMapBlock(blocks.StructBlock):
    """A station on a small map. Without JavaScript: its name, address and a link to the map."""

    service_point = ServicePointChooserBlock(label=_("service point"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "site"
        label = _("Map of a service point")
        template = "content/blocks/service_point_map.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        point = value.get("service_point")
        # A point hidden after the page was written must vanish from the page too.
        if point is not None and point.is_public:
            context["point"] = point
            context["lat"], context["lon"] = point.public_location()
            context["tile_url"] = settings.MAP_TILE_URL
            context["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
            context["tile_datum"] = settings.MAP_TILE_DATUM
        return context


class VolunteerCallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=100,
        help_text=_("Empty: “Become a caring parent”."),
    )
    text = blocks.TextBlock(label=_("text"), required=False, max_length=1000)

    class Meta:
        icon = "user"
        label = _("Call to volunteer")
        template = "content/blocks/volunteer_cta.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        max_length=10000,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    service_point_map = ServicePointMapBlock()
    volunteer_cta = VolunteerCallToActionBlock()
