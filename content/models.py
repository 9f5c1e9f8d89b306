"""Wagtail pages of the public site and the programme's brand setting."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.directory.services import service_point_counts

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #c8102e.")
)


@register_setting(icon="image")
class BrandSettings(BaseSiteSetting):
    """The Fulei programme's unified brand: name, slogan, logo and colours used by every page."""

    programme_name = models.CharField(
        _("programme name"),
        max_length=100,
        default="福蕾行动计划",
        help_text=_("Shown in the header of every page."),
    )
    programme_name_en = models.CharField(
        _("programme name (English)"),
        max_length=100,
        default="Fulei Programme",
        help_text=_("Shown in the header of the English site."),
    )
    slogan = models.CharField(
        _("slogan"),
        max_length=200,
        default="关爱农村留守儿童和困境儿童",
        blank=True,
        help_text=_("Short line under the programme name."),
    )
    slogan_en = models.CharField(
        _("slogan (English)"),
        max_length=200,
        default="Caring for left-behind and vulnerable children",
        blank=True,
        help_text=_("The slogan on the English site."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # No reverse accessor on Image: the brand is a setting, not content about the image.
        related_name="+",
        help_text=_("The unified logo (SVG or PNG). Empty: the built-in logo."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#c8102e",
        validators=[colour_validator],
        help_text=_("Header, buttons and links."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#f2a900",
        validators=[colour_validator],
        help_text=_("Highlights and the count cards."),
    )

    panels = [
        FieldPanel("programme_name"),
        FieldPanel("programme_name_en"),
        FieldPanel("slogan"),
        FieldPanel("slogan_en"),
        FieldPanel("logo"),
        FieldPanel("primary_colour"),
        FieldPanel("accent_colour"),
    ]

    class Meta:
        verbose_name = _("brand")


class HomePage(Page):
    """The portal's front page: what the Fulei programme is and where to find help."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("One or two sentences under the programme name."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["service_point_counts"] = service_point_counts()
        return context


class StoryIndexPage(Page):
    """The list of exemplary stories published by the press office."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index")
