from django.conf import settings

from .display import elder_mode_on


def frontend(request):
    """Values every public template needs."""
    return {
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "elder_mode": elder_mode_on(request),
    }
