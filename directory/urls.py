from django.urls import path, re_path

from . import views
from .feeds import DirectoryChangesFeed

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("changes.atom", DirectoryChangesFeed(), name="changes_feed"),
    path("points/<int:pk>/", views.point_detail, name="point"),
    path("points/<int:pk>/poster/", views.point_poster, name="point_poster"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    re_path(r"^(?P<code>[0-9]{6,12})/$", views.division, name="division"),
]
