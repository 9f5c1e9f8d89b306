"""Screenshots for the staff guides (docs/guide/*.md), taken by the browser tests on the way.

Only when GUIDE_SCREENSHOTS=1: ``GUIDE_SCREENSHOTS=1 pytest -m browser`` rewrites
docs/guide/img/*.png from the screens the tests pass through, so the guides show the admin as
it is. Each image is the visible window, scaled to 800 px wide and reduced to 64 colours, a
few tens of kB.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

GUIDE_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
WIDTH = 800


def guide_shot(page, name: str) -> Path | None:
    """Save the page as docs/guide/img/<name>.png when GUIDE_SCREENSHOTS=1."""
    if os.environ.get("GUIDE_SCREENSHOTS") != "1":
        return None
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    if image.width > WIDTH:
        image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    GUIDE_IMG.mkdir(parents=True, exist_ok=True)
    path = GUIDE_IMG / f"{name}.png"
    image.save(path, optimize=True)
    return path
