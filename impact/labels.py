"""What each published measure is called on the page."""

from django.utils.translation import gettext_lazy as _

MEASURE_LABELS = {
    "volunteers_caring_parent": _("Caring parents approved"),
    "volunteers_pairing": _("Pairing volunteers approved"),
    "pairings_active": _("Active pairings"),
    "cadence_share_percent": _("Pairings meeting the cadence (%)"),
    "talks": _("Talks"),
    "home_visits": _("Home visits"),
    "organizations": _("Social organisations"),
    "projects": _("Projects"),
    "service_points_city": _("Regional child-welfare institutions"),
    "service_points_county": _("Guidance centres"),
    "service_points_township": _("Care stations"),
    "service_points_village": _("Children's homes"),
}
