from django.conf import settings


def frontend(request):
    """Values every public template needs."""
    return {"MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION}
