from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from apierrors import InvalidParameter


class PageNotFound(InvalidParameter):
    """A page number past the end (or not a number): 404 with the ``page`` field named."""

    status_code = 404
    default_code = "not_found"


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise PageNotFound(
                "page",
                _("There is no page %(page)s.") % {"page": request.query_params.get("page")},
                code="not_found",
            ) from None
