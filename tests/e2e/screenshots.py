"""Screenshots of pages at a desktop and a phone width, for docs/screenshots/ (issue 14).

The browser tests always take them (a page that cannot be rendered at 390 px fails there), but they are
written into docs/screenshots/ only by `make screenshots` (TDKT_SCREENSHOTS=1): PNG bytes differ from run to
run, and `make test` must not leave a checkout modified. Otherwise they go to the test's temporary folder."""

import os
from pathlib import Path

from tests.conftest import REPO_DIR

SCREENSHOTS = REPO_DIR / "docs" / "screenshots"
WIDTHS = {1366: 900, 390: 844}


def screenshot_folder(tmp_path: Path) -> Path:
    folder = SCREENSHOTS if os.environ.get("TDKT_SCREENSHOTS") == "1" else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page, name: str, tmp_path: Path) -> list[Path]:
    """The page at both widths, the whole length of it; back to 1366 px afterwards."""
    folder = screenshot_folder(tmp_path)
    paths = []
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)  # let the layout settle after the resize (not a timing assertion)
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size({"width": 1366, "height": 900})
    return paths
