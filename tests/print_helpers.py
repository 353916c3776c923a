"""Check a printed handout: which page each block landed on, and how full each page is.

Chromium does not tell a page's script where its print fragments go, so before
printing, :data:`MARK_ATOMS` puts two tiny absolutely positioned labels in every
block that must stay whole (step cards, lane rows, headings): ``QS<n>Q`` at its
top and ``QE<n>Q`` at its bottom, and ``QN<n>Q`` at the top of the block that
follows a heading. Absolutely positioned children travel with the fragment of
their box, so a block is whole when both of its labels are on the same page of
the PDF, and a heading is not alone at the foot of a page when the next block
starts on its page. The labels are 1 px text, so they do not move the layout.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

ATOMS = ".step-card, .lane-row, h1, h2, h3, .lane-label"
HEADINGS = ("H1", "H2", "H3")

MARK_ATOMS = """
(selector) => {
  const atoms = [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length);
  const label = (host, text, edge) => {
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    const mark = document.createElement('span');
    mark.textContent = text;
    mark.style.cssText = `position:absolute;${edge}:0;left:0;font:1px/1px monospace;` +
      'letter-spacing:0;word-spacing:0;text-transform:none;color:#000;white-space:nowrap';
    host.append(mark);
  };
  return atoms.map((atom, n) => {
    for (const host of atom.tagName === 'TR' ? [...atom.cells] : [atom]) {
      label(host, `QS${n}Q`, 'top');
      label(host, `QE${n}Q`, 'bottom');
    }
    const next = atom.nextElementSibling;
    const heading = ['H1', 'H2', 'H3'].includes(atom.tagName) && next && next.getClientRects().length;
    if (heading) label(next, `QN${n}Q`, 'top');
    return {n, tag: atom.tagName, cls: atom.className, text: atom.textContent.trim().slice(0, 60),
            heading: Boolean(heading)};
  });
}
"""


@dataclass
class PrintedPage:
    text: str
    """The page's text, without the labels."""
    fill: float
    """How far down the text reaches, as a share of the page's content height."""
    marks: set[tuple[str, int]] = field(default_factory=set)


def read_pdf(pdf: bytes, margin_mm: float) -> list[PrintedPage]:
    """Each page's text, its labels and how full it is (from the lowest line of text)."""
    from pypdf import PdfReader

    pages = []
    margin = margin_mm * 72 / 25.4
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lows: list[float] = []

        def visit(text, cm, tm, font, size, lows=lows) -> None:
            if text.strip():
                lows.append(tm[5] * cm[3] + cm[5])

        text = page.extract_text(visitor_text=visit)
        height = float(page.mediabox.height)
        fill = (height - margin - min(lows)) / (height - 2 * margin) if lows else 0.0
        marks = {(kind, int(n)) for kind, n in re.findall(r"Q([SEN])(\d+)Q", text)}
        clean = unicodedata.normalize("NFKC", re.sub(r"Q[SEN]\d+Q", "", text))  # ligatures
        pages.append(PrintedPage(clean, fill, marks))
    return pages


def print_problems(atoms: list[dict], pages: list[PrintedPage]) -> list[str]:
    """Blocks cut across pages, headings left alone at a page's foot, pages half blank."""
    where: dict[tuple[str, int], set[int]] = {}
    for number, page in enumerate(pages, 1):
        for mark in page.marks:
            where.setdefault(mark, set()).add(number)
    problems = []
    for atom in atoms:
        n = atom["n"]
        start, end = where.get(("S", n), set()), where.get(("E", n), set())
        name = f"{atom['tag'].lower()}.{atom['cls'] or '-'} {atom['text']!r}"
        if not start or not end:
            problems.append(f"{name}: not printed")
        elif len(start | end) > 1:
            problems.append(f"{name}: cut across pages {sorted(start | end)}")
        elif atom["heading"] and where.get(("N", n), start) != start:
            problems.append(f"{name}: alone at the foot of page {min(start)}")
    for number, page in enumerate(pages[:-1], 1):
        if page.fill < 0.5:
            problems.append(f"page {number} is {1 - page.fill:.0%} blank")
    return problems
