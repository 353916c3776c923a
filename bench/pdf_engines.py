"""Which engine prints journeymap's handouts to PDF: Chromium (playwright) or WeasyPrint?

For every example journey and each layout/paper pair, renders the HTML handout
once and then prints it three ways:

* **browser**: the HTML file opened in Chromium and printed with ``page.pdf``,
  what a reader gets from the browser's own Print (the reference);
* **chromium**: ``journeymap.render.pdf.html_to_pdf``, the engine journeymap uses;
* **weasyprint**: ``weasyprint.HTML(string=…).write_pdf()``, when installed.

It prints the page count of each and the time per handout (best of ``--repeat``,
one browser start shared by all handouts and reported apart).

    python bench/pdf_engines.py                      # pack/a4, pack/letter, poster/a3, poster/a1
    python bench/pdf_engines.py --cases pack/a4 --repeat 1
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from journeymap.render import render_paths
from journeymap.render.pdf import BROWSER_ARGS, html_to_pdf

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "examples/brightpost", ROOT / "examples/refresh/2026"]


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def best(repeat: int, action):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", nargs="+", default=["pack/a4", "pack/letter", "poster/a3", "poster/a1"]
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import weasyprint
    except ImportError:  # pragma: no cover - optional
        weasyprint = None
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    rows = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        start = time.perf_counter()
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        launch = time.perf_counter() - start
        for case in args.cases:
            layout, paper = case.split("/")
            out = Path(scratch) / case.replace("/", "-")
            written = []
            for source in SOURCES:
                written += render_paths(
                    [source], "html", f"{out / source.name}/", layout=layout, paper=paper
                ).written
            for html in written:
                text = html.read_text(encoding="utf-8")
                page = browser.new_page()
                page.goto(html.resolve().as_uri())
                reference = pages(page.pdf(prefer_css_page_size=True, print_background=True))
                page.close()
                chromium_time, [ours] = best(args.repeat, lambda text=text: html_to_pdf([text]))
                row = [case, html.stem, reference, pages(ours), f"{chromium_time:.2f}"]
                if weasyprint is not None:
                    weasy_time, data = best(
                        args.repeat, lambda text=text: weasyprint.HTML(string=text).write_pdf()
                    )
                    row += [pages(data), f"{weasy_time:.2f}"]
                rows.append(row)
        browser.close()
    header = ["case", "journey", "browser", "chromium", "s", "weasyprint", "s"]
    print(f"browser start: {launch:.2f} s (html_to_pdf includes its own start in each time)")
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(value) for value in row))
    agree = sum(1 for row in rows if row[2] == row[3])
    print(f"chromium pages = browser pages: {agree}/{len(rows)}")
    if weasyprint is not None:
        weasy_agree = sum(1 for row in rows if row[2] == row[5])
        print(f"weasyprint pages = browser pages: {weasy_agree}/{len(rows)}")


if __name__ == "__main__":
    main()
