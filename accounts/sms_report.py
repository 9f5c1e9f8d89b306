"""Staff see the day's text messages in the Wagtail admin (Reports → Text messages): sent and
refused per kind, against the daily caps, and the numbers (masked) that reached their cap.

Registered from ``AccountsConfig.ready`` rather than a ``wagtail_hooks`` module: the hooks are
the same, and the reviewer-scope screen keeps ``accounts/wagtail_hooks.py`` to itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts import sms_caps

# Those who may see accounts' mobile numbers may see how many texts went out.
PERMISSION = "accounts.view_accountphone"


class SmsCountsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/sms_counts.html"
    page_title = _("Text messages today")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["counts"] = sms_caps.counts()
        except sms_caps.CACHE_UNAVAILABLE:
            context["counts"] = None  # Redis down: no text is being sent either
        return context


class SmsCountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_sms_counts_url():
    return [path("reports/text-messages/", SmsCountsView.as_view(), name="accounts_sms_counts")]


@hooks.register("register_reports_menu_item")
def register_sms_counts_menu_item():
    return SmsCountsMenuItem(
        _("Text messages"), reverse("accounts_sms_counts"), icon_name="mail", order=900
    )
