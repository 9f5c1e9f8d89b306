from django.urls import path

from .views import impact_page

urlpatterns = [path("", impact_page, name="impact")]
