from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from portal import staff_guide


@hooks.register("register_admin_urls")
def register_staff_guide_urls():
    return [path("guide/", include((staff_guide.urlpatterns, "staff_guide")))]


@hooks.register("register_admin_menu_item")
def register_staff_guide_menu():
    items = [
        MenuItem(guide.label, reverse("staff_guide:guide", args=[guide.slug]), icon_name="help")
        for guide in staff_guide.GUIDES
    ]
    return SubmenuMenuItem(_("Staff guides"), Menu(items=items), icon_name="help", order=10000)
