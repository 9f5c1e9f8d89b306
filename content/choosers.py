"""An admin chooser for service points, so editors can embed a station's map in a page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from directory.models import ServicePoint


class ServicePointChooserViewSet(ChooserViewSet):
    model = ServicePoint
    icon = "site"
    choose_one_text = _("Choose a service point")
    choose_another_text = _("Choose another service point")
    edit_item_text = _("Edit this service point")
    # Editors may only embed what the public may see.
    url_filter_parameters = []

    def get_object_list(self):
        return ServicePoint.objects.public().select_related("division").order_by("name")


service_point_chooser_viewset = ServicePointChooserViewSet("content_service_point_chooser")
