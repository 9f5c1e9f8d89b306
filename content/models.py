"""Wagtail pages of the public site: home, standard pages, help, stories and news, the brand page
and the plaque register; the programme's brand and help-line site settings."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import GroupApprovalTask, Locale, Page

from directory.models import Division, Level, ProjectCategory
from directory.privacy import screen_fields, strings_in_stream
from directory.services import service_point_counts

from .blocks import BodyBlock
from .forms import ArticleFilterForm

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #c8102e.")
)

# Plain-text introductions under a page's title.
INTRO_MAX_LENGTH = 1000

CHILD_SAFETY_MESSAGE = _(
    "This page is about or shows children. Before it is published, confirm that no child can be "
    "identified (no face, name, school or village) and that consent is recorded, with its "
    "reference."
)


# --- Site settings ---------------------------------------------------------------------------


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
    logo_svg = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("logo file (SVG)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The vector logo offered for download on the brand page. Empty: the built-in logo."
        ),
    )
    logo_png = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("logo file (PNG)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A large PNG of the logo (at least 1000 px wide) for printers and offices."),
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
    text_colour = models.CharField(
        _("text colour"),
        max_length=7,
        default="#1d1d1f",
        validators=[colour_validator],
        help_text=_("Body text. Keep a contrast of at least 4.5:1 against white."),
    )

    panels = [
        FieldPanel("programme_name"),
        FieldPanel("programme_name_en"),
        FieldPanel("slogan"),
        FieldPanel("slogan_en"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_svg"), FieldPanel("logo_png")], heading=_("logo")
        ),
        FieldRowPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour"), FieldPanel("text_colour")],
            heading=_("colours"),
        ),
    ]

    class Meta:
        verbose_name = _("brand")


class HotlineBlock(blocks.StructBlock):
    """One help line shown on every page."""

    name = blocks.CharBlock(label=_("name"), help_text=_("e.g. 青少年服务台"))
    name_en = blocks.CharBlock(label=_("name (English)"), required=False)
    number = blocks.CharBlock(
        label=_("number"),
        required=False,
        max_length=32,
        help_text=_(
            "Digits as dialled, e.g. 12355. A line without a number is not shown: leave it empty "
            "until the line is open."
        ),
    )
    description = blocks.CharBlock(
        label=_("what it does"),
        required=False,
        help_text=_("One plain sentence: who should call and what happens."),
    )
    description_en = blocks.CharBlock(label=_("what it does (English)"), required=False)

    class Meta:
        icon = "mail"
        label = _("Hotline")


@register_setting(icon="help")
class HelpSettings(BaseSiteSetting):
    """The hotlines in the help block that every page carries."""

    hotlines = StreamField(
        [("hotline", HotlineBlock())],
        verbose_name=_("hotlines"),
        blank=True,
        help_text=_("In the order shown. Every page lists the lines that have a number."),
    )

    panels = [FieldPanel("hotlines")]

    class Meta:
        verbose_name = _("help lines")

    def public_hotlines(self, language: str | None = None) -> list[dict]:
        """The lines that can be called, with names and descriptions in the given language."""
        return callable_hotlines((block.value for block in self.hotlines), language)


def callable_hotlines(lines, language: str | None = None) -> list[dict]:
    """The lines of ``lines`` (dicts as the hotline block stores them) that have a number, in the
    given language: the help block, the help page, and the 500 page (which reads the seeded
    defaults, having no database to trust)."""
    english = bool(language and language.startswith("en"))
    result = []
    for value in lines:
        number = (value.get("number") or "").strip()
        if not number:
            continue
        result.append(
            {
                "name": (english and value.get("name_en")) or value.get("name"),
                "number": number,
                # tel: links take digits and + only; "0591-1234 5678" is dialled without dashes.
                "tel": "".join(c for c in number if c.isdigit() or c == "+"),
                "description": (english and value.get("description_en"))
                or value.get("description"),
            }
        )
    return result


# --- Shared page behaviour -------------------------------------------------------------------


class LocaleFallbackMixin:
    """Under /en/, a page that has no English translation is served in Chinese (with a note in
    the template) instead of a 404: routing retries through this page's Chinese original."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            default = Locale.get_default()
            if not path_components or self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None:
                raise
            return original.specific.route(request, path_components)


class ChildSafetyForm(WagtailAdminPageForm):
    """Refuses to publish, schedule or submit for approval a page about children that lacks the
    editor's confirmations, with the reason shown next to the fields."""

    def clean(self):
        cleaned = super().clean()
        # Of the workflow actions only approving publishes: requesting changes must stay possible
        # on a page whose confirmations are missing (that is often the very reason for it).
        publishing = self.data.get("workflow-action-name") == "approve" or any(
            key in self.data
            for key in ("action-publish", "action-submit", "action-restart-workflow")
        )
        if publishing and cleaned.get("involves_children"):
            for field, error in child_safety_problems(
                cleaned.get("children_not_identifiable"),
                cleaned.get("consent_recorded"),
                cleaned.get("consent_reference"),
            ).items():
                self.add_error(field, error)
        return cleaned


def child_safety_problems(not_identifiable, consent_recorded, consent_reference) -> dict:
    problems = {}
    if not not_identifiable:
        problems["children_not_identifiable"] = CHILD_SAFETY_MESSAGE
    if not consent_recorded:
        problems["consent_recorded"] = CHILD_SAFETY_MESSAGE
    if not (consent_reference or "").strip():
        problems["consent_reference"] = _("Enter the consent record's reference.")
    return problems


class ChildSafetyMixin(models.Model):
    """Fields and the publishing rule for pages that may be about or show children."""

    involves_children = models.BooleanField(
        _("about or shows children"),
        default=False,
        help_text=_("Tick when the text or a picture is about or shows any child."),
    )
    children_not_identifiable = models.BooleanField(
        _("no child is identifiable"),
        default=False,
        help_text=_("I checked: no child's face, name, school or village can be seen or read."),
    )
    consent_recorded = models.BooleanField(
        _("consent is recorded"),
        default=False,
        help_text=_("The guardians' written consent is on file with the press office."),
    )
    consent_reference = models.CharField(
        _("consent reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference of the consent record, e.g. XW-2026-014."),
    )

    child_safety_panels = [
        MultiFieldPanel(
            [
                FieldPanel("involves_children"),
                FieldPanel("children_not_identifiable"),
                FieldPanel("consent_recorded"),
                FieldPanel("consent_reference"),
            ],
            heading=_("Child safety"),
        )
    ]

    class Meta:
        abstract = True

    def child_safety_errors(self) -> dict:
        if not self.involves_children:
            return {}
        return child_safety_problems(
            self.children_not_identifiable, self.consent_recorded, self.consent_reference
        )

    def save(self, *args, **kwargs):
        # Enforced when the page goes live, whatever the path (admin, workflow approval,
        # publish_scheduled, code): Wagtail's publish saves the page with live=True and no
        # update_fields, while saving a draft revision only updates bookkeeping fields.
        if self.live and kwargs.get("update_fields") is None:
            errors = self.child_safety_errors()
            if errors:
                raise ValidationError(errors)
        return super().save(*args, **kwargs)


def child_safety_refusal(page: Page) -> dict:
    """The child-safety problems ({field: message}) of what publishing ``page`` now would put
    live: its latest revision, which is what Wagtail's workflow approval and bulk publish put
    live (or the page itself when it has no revision yet). Empty when it may go live."""
    revision = page.get_latest_revision()
    content = revision.as_object() if revision is not None else page.specific
    return content.child_safety_errors() if isinstance(content, ChildSafetyMixin) else {}


def revision_child_safety_refusal(revision) -> dict:
    """The child-safety problems of one revision's content (empty when it may go live)."""
    content = revision.as_object()
    return content.child_safety_errors() if isinstance(content, ChildSafetyMixin) else {}


class ShareImageMixin(models.Model):
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the page is shared (1200×630 works best)."),
    )

    class Meta:
        abstract = True


# --- Home, standard, help and brand pages ----------------------------------------------------


class PersonalDataScreeningMixin:
    """Refuses to save a page whose published text holds a phone number, an e-mail address or an
    ID-card number (directory/privacy.py), with the error next to the field that holds it.

    ``clean()`` runs on every save, in the admin (the page form shows the error) and in code
    (``add_child``, ``save_revision``), so nothing with personal data reaches a revision,
    the live page, the search index or a feed.
    """

    screened_fields = ("title", "seo_title", "search_description", "intro", "body")

    def clean(self):
        super().clean()
        values = {}
        for name in self.screened_fields:
            value = getattr(self, name, None)
            if hasattr(value, "get_prep_value"):  # a StreamField's value: every text in it
                value = strings_in_stream(value.get_prep_value())
            if value is not None and not isinstance(value, (str, list)):
                value = str(value)  # rich text
            if value:
                values[name] = value
        tags = getattr(self, "tags", None)
        if tags is not None:
            values["tags"] = [tag.name for tag in tags.all()]
        screen_fields(values)


class HomePage(PersonalDataScreeningMixin, LocaleFallbackMixin, Page):
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


class StandardPage(PersonalDataScreeningMixin, LocaleFallbackMixin, ShareImageMixin, Page):
    """A plain page: about the programme, how to volunteer, the privacy notice, the data licence."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=INTRO_MAX_LENGTH,
        help_text=_("One or two sentences under the title."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class HelpPage(LocaleFallbackMixin, Page):
    """/help/: what each help line and the stations do, in plain words, and where the nearest
    station is. The hotlines come from the help-lines setting."""

    intro = models.TextField(_("introduction"), blank=True, max_length=INTRO_MAX_LENGTH)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        HelpPanel(_("The hotlines are edited in Settings → Help lines.")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("help page")


class BrandPage(LocaleFallbackMixin, Page):
    """/brand/: the logo rules and the logo files to download."""

    intro = models.TextField(_("introduction"), blank=True, max_length=INTRO_MAX_LENGTH)
    body = StreamField(
        BodyBlock(), verbose_name=_("logo rules"), blank=True, help_text=_("How to use the logo.")
    )

    content_panels = [
        *Page.content_panels,
        HelpPanel(_("The logo files and colours are edited in Settings → Brand.")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("brand page")


class PlaqueRegisterPage(LocaleFallbackMixin, Page):
    """The register of county guidance centres awarded the programme's plaque (授牌)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=INTRO_MAX_LENGTH)

    content_panels = [
        *Page.content_panels,
        HelpPanel(_("The plaques are recorded in the directory; this page lists them.")),
        FieldPanel("intro"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("plaque register")

    def get_context(self, request, *args, **kwargs):
        from .plaques import awarded_plaques

        context = super().get_context(request, *args, **kwargs)
        context["plaques"] = awarded_plaques()
        return context


# --- Stories and news ------------------------------------------------------------------------


class ArticleIndexMixin(LocaleFallbackMixin, RoutablePageMixin):
    """An index of dated articles with filters (GET, no JavaScript) and RSS/Atom feeds."""

    article_model: type[Page]
    per_page = 12

    def articles(self):
        return (
            self.article_model.objects.child_of(self)
            .live()
            .public()
            .select_related("city", "share_image")
            .order_by("-date", "-first_published_at")
        )

    def filter_articles(self, request, articles):
        filters = {}
        usable = ArticleFilterForm(request.GET).usable()
        city = usable.get("city")
        if city and Division.objects.filter(code=city, level=Level.CITY).exists():
            articles = articles.filter(city__code=city)
            filters["city"] = city
        category = usable.get("category")
        if category:
            articles = articles.filter(category=category)
            filters["category"] = category
        tag = usable.get("tag")
        if tag:
            articles = articles.filter(tags__name=tag).distinct()
            filters["tag"] = tag
        return articles, filters

    @path("")
    def index_route(self, request):
        articles, filters = self.filter_articles(request, self.articles())
        paginator = Paginator(articles, self.per_page)
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "articles": page_obj,
                "filters": filters,
                # The filters again on every page link of the pager.
                "query_string": urlencode(filters),
                "cities": Division.objects.filter(level=Level.CITY).order_by("code"),
                "categories": ProjectCategory.choices,
            },
        )

    @path("feed/")
    def rss_feed(self, request):
        from .feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from .feeds import AtomArticleFeed

        return AtomArticleFeed(self)(request)


class ArticlePage(
    PersonalDataScreeningMixin, LocaleFallbackMixin, ChildSafetyMixin, ShareImageMixin, Page
):
    """Shared fields of stories and news (abstract)."""

    date = models.DateField(
        _("date"), default=datetime.date.today, help_text=_("The date shown on the page.")
    )
    intro = models.TextField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for lists, feeds and sharing."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    city = models.ForeignKey(
        Division,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"level": Level.CITY},
        related_name="+",
        help_text=_("The city the article is about, for the filter on the index."),
    )
    category = models.CharField(
        _("project"),
        max_length=32,
        choices=ProjectCategory.choices,
        blank=True,
        help_text=_("Which of the ten projects the article is about."),
    )

    base_form_class = ChildSafetyForm
    subpage_types = []

    class Meta:
        abstract = True

    def related_articles(self, limit: int = 3):
        """Live articles of the same kind and language sharing a tag, else the city or project."""
        siblings = type(self).objects.live().public().filter(locale=self.locale).exclude(pk=self.pk)
        tag_ids = [tag.pk for tag in self.tags.all()]
        related = list(
            siblings.filter(tags__in=tag_ids).distinct().order_by("-date")[:limit]
            if tag_ids
            else []
        )
        if len(related) < limit and (self.city_id or self.category):
            more = siblings.exclude(pk__in=[p.pk for p in related])
            match = models.Q()
            if self.city_id:
                match |= models.Q(city_id=self.city_id)
            if self.category:
                match |= models.Q(category=self.category)
            related += list(more.filter(match).order_by("-date")[: limit - len(related)])
        return related


ARTICLE_CONTENT_PANELS = [
    *Page.content_panels,
    FieldPanel("date"),
    FieldPanel("intro"),
    FieldPanel("body"),
    MultiFieldPanel(
        [FieldPanel("city"), FieldPanel("category"), FieldPanel("tags")], heading=_("Filters")
    ),
    *ChildSafetyMixin.child_safety_panels,
]


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.StoryPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class StoryPage(ArticlePage):
    """An exemplary story: a caring parent, an organisation or a station of the programme."""

    class Subject(models.TextChoices):
        CARING_PARENT = "caring_parent", _("Caring parent")
        ORGANISATION = "organisation", _("Organisation")
        STATION = "station", _("Station")

    subject = models.CharField(
        _("story about"),
        max_length=32,
        choices=Subject.choices,
        default=Subject.CARING_PARENT,
        help_text=_("Who or what the story is about."),
    )
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *ARTICLE_CONTENT_PANELS[:3],
        FieldPanel("subject"),
        *ARTICLE_CONTENT_PANELS[3:],
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    parent_page_types = ["content.StoryIndexPage"]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")


class ArticleIndexPage(PersonalDataScreeningMixin, ArticleIndexMixin, Page):
    """An index of one kind of article under the home page (abstract): its introduction, filters,
    pages and feeds. Each concrete index names its ``article_model`` and ``subpage_types``."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs) -> str:
        # One template for every index (Wagtail would look for one per class).
        return "content/article_index_page.html"


class StoryIndexPage(ArticleIndexPage):
    """The list of exemplary stories published by the press office."""

    subpage_types = ["content.StoryPage"]
    article_model = StoryPage

    class Meta:
        verbose_name = _("story index")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(ArticlePage):
    """A news item from the press office: events, plaque ceremonies, new stations."""

    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = ARTICLE_CONTENT_PANELS
    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    parent_page_types = ["content.NewsIndexPage"]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class NewsIndexPage(ArticleIndexPage):
    """The press office's news."""

    subpage_types = ["content.NewsPage"]
    article_model = NewsPage

    class Meta:
        verbose_name = _("news index")


# --- Moderation ----------------------------------------------------------------------------------


class ChildSafetyApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, refusing to approve a page whose content breaks the child-safety
    rule. This is the press office's "新闻办审核" task.

    Why here and not by refusing to save such a draft while the page is in moderation: unticking a
    confirmation is an editor telling the truth (consent withdrawn, a face found in a picture), so
    saving it must never be blocked; what must be blocked is the page going live. Approving
    publishes the page's latest revision, whatever its origin (the editor's form, a revert, code),
    so the check is made on that revision at the moment of approval. The approval is then not
    recorded, the page stays in moderation for the editor to fix or the approver to send back, and
    the approver is taken to an admin page that says why (``on_action`` has no request to put a
    message on; the workflow action view follows the URL that ``on_action`` returns).
    """

    class Meta:
        verbose_name = _("press office approval (child safety)")
        verbose_name_plural = _("press office approvals (child safety)")

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            page = task_state.workflow_state.content_object
            if child_safety_refusal(page):
                return reverse("content_child_safety_refused", args=(page.pk,))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; a page about children goes live only with the "
            "editor's child-safety confirmations."
        )
