"""A link to the organisation review pages in the Wagtail admin menu, for staff who moderate."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return services.is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        _("Organisation review"), reverse("organizations:review"), icon_name="tick", order=295
    )
