from wagtail import hooks

from .choosers import service_point_chooser_viewset


@hooks.register("register_admin_viewset")
def register_service_point_chooser():
    return service_point_chooser_viewset
