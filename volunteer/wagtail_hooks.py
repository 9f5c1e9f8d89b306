"""Cadence rules in Wagtail's admin (behind TOTP), so the programme or a county can change them
without a deployment. Only the rules: volunteers and pairings stay in the reviewer pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from volunteer.models import CadenceRule


class CadenceRuleViewSet(SnippetViewSet):
    model = CadenceRule
    icon = "time"
    menu_label = _("Cadence rules")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["contact_type", "period", "county", "active"]
    list_filter = ["contact_type", "active"]
    panels = [
        FieldPanel("contact_type"),
        FieldPanel("period"),
        FieldPanel("county"),
        FieldPanel("active"),
    ]


register_snippet(CadenceRuleViewSet)
