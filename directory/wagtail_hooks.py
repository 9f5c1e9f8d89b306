"""The directory in Wagtail's admin: service points, organisations, projects and plaques."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import OrganizationForm, ServicePointForm
from .models import Organization, Plaque, Project, ServicePoint
from .widgets import PointMapWidget


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "site"
    menu_label = _("Service points")
    list_display = ["name", "level", "division", "is_public", "last_verified", UpdatedAtColumn()]
    list_filter = ["level", "is_public", "location_precision", "is_demo", "categories"]
    list_per_page = 50
    search_fields = ["name", "name_en", "address", "external_id", "division__name"]
    ordering = ["division__code", "level"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("name_en"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("division")]),
                    FieldPanel("address"),
                    MultiFieldPanel(
                        [
                            FieldPanel("latitude", widget=PointMapWidget()),
                            FieldPanel("longitude"),
                            FieldPanel("datum"),
                            FieldPanel("location_precision"),
                            FieldPanel("location_approximate"),
                        ],
                        heading=_("Location"),
                    ),
                    FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("service_phone"),
                    FieldPanel("accessibility_notes"),
                    FieldPanel("responsible_organization"),
                    FieldRowPanel([FieldPanel("last_verified"), FieldPanel("is_public")]),
                    FieldPanel("external_id"),
                ],
                heading=_("Details"),
            ),
            ObjectList(
                [
                    InlinePanel("opening_periods", heading=_("Weekly opening periods")),
                    InlinePanel("closures", heading=_("Closures")),
                    InlinePanel("sessions", heading=_("Dated sessions")),
                ],
                heading=_("Opening hours"),
            ),
        ],
        base_form_class=ServicePointForm,
    )


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        "kind",
        "rating",
        "uscc",
        "verification_status",
        "is_public",
        UpdatedAtColumn(),
    ]
    list_filter = ["kind", "rating", "verification_status", "is_public", "is_demo"]
    search_fields = ["name", "name_en", "uscc", "external_id"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("name_en"),
            FieldRowPanel([FieldPanel("uscc"), FieldPanel("kind"), FieldPanel("rating")]),
            FieldPanel("service_area"),
            FieldPanel("contact_channel"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("is_public"), FieldPanel("external_id")]),
        ],
        base_form_class=OrganizationForm,
    )


class ProjectViewSet(SnippetViewSet):
    model = Project
    icon = "calendar-alt"
    menu_label = _("Projects")
    list_display = ["title", "category", "organization", "start_date", "status", "is_public"]
    list_filter = ["category", "status", "is_public", "is_demo"]
    search_fields = ["title", "title_en", "summary", "organization__name", "external_id"]
    panels = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("organization")]),
        FieldPanel("service_points"),
        FieldPanel("divisions"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("capacity")]),
        FieldPanel("schedule"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
        FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost")]),
        FieldPanel("how_to_join"),
        FieldRowPanel([FieldPanel("is_public"), FieldPanel("external_id")]),
    ]


class PlaqueViewSet(SnippetViewSet):
    model = Plaque
    icon = "pick"
    menu_label = _("Plaques")
    list_display = ["number", "service_point", "awarded_on", "awarding_body"]
    list_filter = ["awarded_on", "awarding_body"]
    search_fields = ["number", "service_point__name", "awarding_body"]
    panels = [
        FieldPanel("service_point"),
        FieldPanel("number"),
        FieldRowPanel([FieldPanel("awarded_on"), FieldPanel("awarding_body")]),
    ]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (ServicePointViewSet, OrganizationViewSet, ProjectViewSet, PlaqueViewSet)
    menu_icon = "site"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [path("directory/", include(admin_views, namespace="directory_admin"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(
        _("Import directory"),
        reverse("directory_admin:import"),
        icon_name="upload",
        order=290,
    )
