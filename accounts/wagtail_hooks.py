"""Reviewers' areas in Wagtail's admin (behind TOTP): staff give a reviewer a county or a city
and withdraw it, without a Django shell. Every change reaches the audit trail through
accounts/signals.py, with the staff member who made it (audit's request middleware)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.forms import reviewer_scope_form_class
from accounts.models import ReviewerScope


class ReviewerScopeViewSet(SnippetViewSet):
    model = ReviewerScope
    icon = "user"
    menu_label = _("Reviewer areas")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["reviewer_name", "area_name"]
    list_per_page = 50
    ordering = ["division__code", "user_id"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("division")], base_form_class=reviewer_scope_form_class()
    )


register_snippet(ReviewerScopeViewSet)
