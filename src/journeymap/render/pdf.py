"""PDF output: the pages Chromium prints from our HTML, through playwright.

Why Chromium and not WeasyPrint (both were tried on the example handouts, see
the README's Render section): the PDF must have the pages a reader gets from
the browser's own "Print", and the print layouts are written and tested
against Chromium. WeasyPrint rendered the emotion curve (inline SVG styled by
CSS) as a black box, laid out the objective cards differently and gave one
handout 7 pages where the browser prints 8; it was also 2-3x slower. The cost
is weight: playwright (165 MB with its driver) plus a Chromium build, which the
browser tests need anyway.

The page is loaded with JavaScript off and every request refused, so a PDF
made from a map that anyone edited cannot fetch or run anything. Chromium
embeds (subsets of) the fonts and keeps text as text, so the PDF is searchable
and selectable; ``tagged`` and ``outline`` add structure and bookmarks.

Chromium is found as ``$JOURNEYMAP_CHROMIUM``, then ``chromium`` /
``chromium-browser`` / ``google-chrome`` on ``PATH``, then playwright's own
download (``python -m playwright install chromium``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence

from journeymap.findings import Finding, InputError

INSTALL_EXTRA = "pip install 'journeymap[pdf]'"
INSTALL_BROWSER = "apt-get install -y chromium (or: python -m playwright install chromium)"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ARGS = [
    "--no-sandbox",  # containers and CI run as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing_extra(fmt: str, extra: str) -> InputError:
    """The one line a user sees when an optional extra is not installed."""
    return InputError(
        Finding(
            path="--format",
            message=f"{fmt} output needs the {extra} extra: pip install 'journeymap[{extra}]'",
        )
    )


def chromium_executable() -> str | None:
    """The Chromium to drive, or ``None`` to let playwright use its own download."""
    configured = os.environ.get("JOURNEYMAP_CHROMIUM")
    if configured:
        return configured
    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)


def html_to_pdf(pages: Sequence[str]) -> list[bytes]:
    """Print each complete HTML document in ``pages`` to PDF bytes, with one browser.

    The paper size and margins come from the page's own ``@page`` rule, exactly
    as when a reader prints it. Raises ``InputError`` (one line naming the
    install command) when playwright or a Chromium is missing.

    The browser is driven from a worker thread: playwright's sync API refuses
    to run in a thread that has an asyncio loop (a notebook, or a caller that
    already drives a browser), and a fresh thread never has one.
    """
    try:
        import playwright.sync_api  # noqa: F401  (fail here, with the install line)
    except ImportError:
        raise missing_extra("pdf", "pdf") from None
    if not pages:
        return []
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-pdf") as pool:
        return pool.submit(_print_pages, list(pages)).result()


def _print_pages(pages: list[str]) -> list[bytes]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    results: list[bytes] = []
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        except PlaywrightError as error:
            where = f" ({executable})" if executable else ""
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
            raise InputError(
                Finding(
                    path="--format",
                    message=f"pdf output needs Chromium{where}, which did not start "
                    f"({first_line}): {INSTALL_BROWSER}",
                )
            ) from None
        try:
            context = browser.new_context(java_script_enabled=False)
            context.route("**/*", lambda route: route.abort())
            for html in pages:
                page = context.new_page()
                try:
                    page.set_content(html, wait_until="load")
                    page.emulate_media(media="print")
                    results.append(
                        page.pdf(
                            prefer_css_page_size=True,
                            print_background=True,
                            tagged=True,
                            outline=True,
                        )
                    )
                finally:
                    page.close()
        finally:
            browser.close()
    return results
