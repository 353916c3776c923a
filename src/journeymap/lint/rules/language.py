"""JM4xx language: does the map use the terms the teams agreed on?"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from pydantic import BaseModel

from journeymap.lint.registry import LintContext, Pointer, Problem, rule

NOT_PROSE = frozenset(
    {
        "kind",
        "id",
        "personas",
        "next",
        "owner",
        "phase",
        "channel",
        "source",
        "audience",
        "metric",
        "stage",
        "segments",
        "preferred_channels",
    }
)
"""Fields that hold ids or fixed values rather than prose."""

CUSTOMER_WORDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("Quote", "text"),
        ("Persona", "quote"),
        ("Step", "thoughts"),
        ("Vocabulary", "use"),
        ("Vocabulary", "avoid"),
    }
)
"""Verbatim customer language (quotes, thoughts, vocabulary): never "corrected"."""


@lru_cache(maxsize=16)
def _glossary_patterns(
    glossary: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The exact pattern of all non-preferred terms (``term_pattern``, for field text)
    and a fast one for lower-cased text: without the look-behind and case folding,
    the regex engine can skip ahead on the first letters of the terms.
    """
    terms = tuple(term.lower() for term, _ in glossary)
    return term_pattern(terms), re.compile(rf"(?:{_alternatives(terms)})(?!\w)")


@lru_cache(maxsize=16)
def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of ``terms`` as the teams' words are matched (JM401's glossary,
    JM703's words to avoid): whole words, any case, spaces and dashes alike, an
    optional plural ``s``."""
    return re.compile(rf"(?<!\w)(?:{_alternatives(terms)})(?!\w)", re.IGNORECASE)


def _alternatives(terms: tuple[str, ...]) -> str:
    """The terms as one alternation, the longest first (``deal desk`` wins over ``deal``)."""
    ordered = sorted(terms, key=len, reverse=True)
    # A term of dashes alone has no word to find: it matches nothing (``(?!)``).
    return "|".join(_term_regex(term) for term in ordered if _term_words(term)) or "(?!)"


_WORD_BREAK = re.compile(r"[\s-]+")


def _term_words(term: str) -> list[str]:
    """The words of a term, spaces and dashes alike (``e-mail`` is ``e mail``)."""
    return [word for word in _WORD_BREAK.split(term) if word]


def _term_regex(term: str) -> str:
    """The term's words, spaces and dashes alike between them, and an optional plural
    ``s`` unless the last word is a single letter (a glossary's ``a`` is not in ``as``)."""
    words = _term_words(term)
    plural = "s?" if len(words[-1]) > 1 else ""
    return _WORD_BREAK.pattern.join(re.escape(word) for word in words) + plural


@lru_cache(maxsize=16)
def _anchors(glossary: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(first word, the whole term's pattern) of each non-preferred term, lower-cased."""
    return tuple(
        (_term_words(term.lower())[0], re.compile(rf"{_term_regex(term.lower())}(?!\w)"))
        for term, _ in glossary
        if _term_words(term)
    )


def _has_candidate(text: str, anchors: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
    """Whether the lower-cased ``text`` holds a non-preferred term (what the fast pattern
    finds), looked for where each term's first word stands.

    One regular expression of all terms tries every alternative at every position
    of the file: 2.3 ms for a 60 KB map, a fifth of validating it. ``str.find`` skips
    to the candidates, and only there is a term's pattern tried.
    """
    for word, pattern in anchors:
        start = text.find(word)
        while start != -1:
            if pattern.match(text, start):
                return True
            start = text.find(word, start + 1)
    return False


def canonical_term(text: str) -> str:
    """A term as the glossary and vocabularies compare it: case folded, one space for
    each run of spaces and dashes."""
    return " ".join(_term_words(text.casefold()))


@rule(
    "JM401",
    "non-preferred-term",
    severity="warning",
    hint="Use the preferred term from the `glossary:` of journeymap.yaml, or change the "
    "glossary if the teams agreed on another term.",
    local=True,
)
def non_preferred_term(ctx: LintContext) -> Iterator[Problem]:
    """A non-preferred term from the workspace glossary is used in names or text.

    Marketing thinks in segments along a lifecycle, CX in personas along a
    journey; the `glossary:` in journeymap.yaml maps each non-preferred term to
    the preferred one so that every team uses aligned terms. The rule checks
    titles, names, descriptions, needs and goals, a step's `feelings`, pain
    points, insights, metrics and messaging text. Customer words are left alone:
    quotes, a persona's quote, a step's `thoughts` and the messaging vocabulary
    (`use`/`avoid`). Matching
    ignores case, allows a plural `s` and treats spaces and dashes alike.

    With `glossary: {lifecycle: journey}`:

    FAIL:

        title: Customer lifecycle

    PASS:

        title: Customer journey
    """
    # An entry that maps a term onto itself (`{CX: cx}`) prefers nothing.
    glossary = tuple(
        (term, better)
        for term, better in ctx.config.glossary.items()
        if canonical_term(term) != canonical_term(better)
    )
    if not glossary:
        return
    pattern, quick = _glossary_patterns(glossary)
    anchors = _anchors(glossary)
    first_words = tuple({word for word, _ in anchors})
    preferred = {canonical_term(term): better for term, better in glossary}
    for document in ctx.workspace.documents:
        if not _has_candidate(ctx.text(document).lower(), anchors):
            continue  # the file has no candidate at all: skip walking its model
        for pointer, text in _prose_matching(document.model, quick, first_words):
            for match in pattern.finditer(text):
                term = canonical_term(match.group())
                better = preferred.get(term) or preferred.get(term[:-1])
                if better is None or _inside(better, text, match):
                    continue
                yield Problem(
                    document,
                    pointer,
                    f"{match.group()!r} is not the preferred term; use {better!r}",
                    inside=(text, match.start()),
                )


def _inside(better: str, text: str, match: re.Match[str]) -> bool:
    """Whether the match is part of the preferred term itself (``lead`` in ``sales lead``)."""
    for found in re.finditer(re.escape(better), text, re.IGNORECASE):
        if found.start() <= match.start() and match.end() <= found.end():
            return True
    return False


def _prose_matching(
    model: BaseModel, quick: re.Pattern[str], first_words: tuple[str, ...]
) -> list[tuple[Pointer, str]]:
    """(pointer, text) of the prose strings of a document model in which the ``quick``
    pattern is found (lower-cased), in field order.

    One walk that builds a pointer only for a string that matches: a findings-heavy
    map has a glossary term in a few of its thousands of strings. The pattern is
    tried only on a string that holds a term's first word (``in`` is a fraction of
    a regular expression's search), and a model's fields are read from its
    ``__dict__``.
    """
    found: list[tuple[Pointer, str]] = []
    path: list[str | int] = []
    search = quick.search

    def walk(value: object) -> None:
        items: Iterable[tuple[str | int, object]]
        kind = value.__class__
        if kind is list:
            items = enumerate(value)  # type: ignore[arg-type]
        elif kind is dict:
            items = value.items()  # type: ignore[attr-defined]
        else:
            names = _prose_fields(kind)
            if names is None:
                return
            items = zip(names, map(value.__dict__.__getitem__, names), strict=True)
        for step, item in items:
            # Strings, most of the values, are checked here without a call each.
            if isinstance(item, str):
                lowered = item.lower()
                for word in first_words:
                    if word in lowered:
                        if search(lowered) is not None:
                            found.append(((*path, step), item))
                        break
            elif item and item.__class__ not in _NUMBERS:  # not None, an empty list, 0
                path.append(step)
                walk(item)
                path.pop()

    walk(model)
    return found


_NUMBERS = frozenset({int, float, bool})


@cache
def _prose_fields(model_class: type) -> tuple[str, ...] | None:
    """The fields of a model that hold prose: not ids or fixed values, not customer words
    (None for a class that is no model: a model's class is looked up once, since
    ``isinstance`` of a model goes through ``ABCMeta`` every time)."""
    if not issubclass(model_class, BaseModel):
        return None
    owner = model_class.__name__
    return tuple(
        name
        for name in model_class.model_fields
        if name not in NOT_PROSE and (owner, name) not in CUSTOMER_WORDS
    )
