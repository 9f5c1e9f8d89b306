"""Start-up check: volunteers' documents must live outside every folder served as files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error


def private_media_outside_public_roots(app_configs=None, **kwargs) -> list[Error]:
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        root = getattr(settings, name, None)
        if not root:
            continue
        public = Path(root).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}): volunteers' "
                    "documents would be served to anyone who guesses a file name.",
                    hint="Point PRIVATE_MEDIA_ROOT at a folder outside the web server's roots.",
                    id="accounts.E001",
                )
            )
    return errors
