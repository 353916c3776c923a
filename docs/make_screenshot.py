"""Make docs/handout.png: the README's screenshot, produced by journeymap itself.

    journeymap render examples/brightpost/journeys/social-media-manager.yaml -o /tmp/handout.html
    python docs/make_screenshot.py /tmp/handout.html docs/handout.png

Drives Debian's chromium (``apt-get install -y chromium``) through playwright,
without downloading a browser. The screenshot is the top of the page (title,
objectives, persona, emotion curve and the first lanes of the grid) at a
workshop-screen size, so the PNG stays well under 1 MB.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def screenshot(
    html: Path, png: Path, *, width: int = 1900, height: int = 2600, start: str | None = None
) -> None:
    """Open ``html`` from disk (no network) and save the top ``height`` pixels as ``png``,
    or with ``start`` (a CSS selector) the ``height`` pixels from that element's top."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("needs Debian's chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )
            page.goto(html.resolve().as_uri())
            if start is None:
                page.screenshot(path=str(png), full_page=False)
            else:
                box = page.locator(start).first.bounding_box()
                if box is None:
                    raise SystemExit(f"{html}: nothing visible matches {start!r}")
                top = max(box["y"] - 12, 0)
                clip = {"x": 0, "y": top, "width": width, "height": height}
                page.screenshot(path=str(png), full_page=True, clip=clip)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1900)
    parser.add_argument("--height", type=int, default=2600)
    parser.add_argument("--start", metavar="SELECTOR", help="start at this element's top")
    args = parser.parse_args()
    screenshot(args.html, args.png, width=args.width, height=args.height, start=args.start)


if __name__ == "__main__":
    main()
