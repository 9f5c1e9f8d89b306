from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from .choosers import service_point_chooser_viewset
from .moderation import ChildSafetyPublishBulkAction, child_safety_refused


@hooks.register("register_admin_viewset")
def register_service_point_chooser():
    return service_point_chooser_viewset


@hooks.register("register_admin_urls")
def register_child_safety_urls():
    return [
        path(
            "content/child-safety-refused/<int:page_id>/",
            child_safety_refused,
            name="content_child_safety_refused",
        )
    ]


# Registered after Wagtail's own bulk publish (order), which it replaces for pages.
hooks.register("register_bulk_action", ChildSafetyPublishBulkAction, order=1)


@hooks.register("insert_editor_js")
def autosave_guard_js():
    # An editor's submit must not race Wagtail's background autosave (see the script).
    return format_html('<script src="{}" defer></script>', static("content/js/autosave-guard.js"))
