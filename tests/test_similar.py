"""JM106's near-duplicate search: it still finds what the difflib version found, and its
fast path for big journeys (a character-count filter) finds exactly what comparing every
pair finds."""

from __future__ import annotations

import random
import re
from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.lint import similar
from journeymap.lint.rules import structure
from journeymap.lint.similar import (
    COUNTED_MAX_NAMES,
    MAX_CHARS,
    counted_first_similar,
    first_similar,
)
from journeymap.validate import validate_paths
from lint_helpers import JOURNEY, make_workspace

VERBS = (
    "Compares", "Reads", "Asks about", "Books", "Signs", "Connects", "Invites the team to",
    "Exports", "Reviews", "Searches for", "Shares", "Checks", "Sets up", "Renews",
)  # fmt: skip
OBJECTS = (
    "pricing for {n} seats", "the security pack", "a demo with a specialist", "the order form",
    "the first data import", "the weekly report", "the onboarding checklist", "the invoice",
    "an integration with the CRM", "the trial workspace", "the renewal quote",
    "single sign-on for {n} people", "the migration guide", "the usage dashboard",
)  # fmt: skip
CHANNELS = ("portal", "email", "phone", "chat", "the app", "a partner")


def realistic_names(seed: int, count: int) -> list[str]:
    """Step names that share words as real ones do: "Compares the invoice via portal (reads 3)"."""
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS).format(n=rng.randint(2, 60))}"
        if rng.random() < 0.6:
            name += f" via {rng.choice(CHANNELS)}"
        if rng.random() < 0.3:
            name += f" (reads {rng.randint(1, 9)})"
        names.append(name)
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def difflib_flags(names: list[str]) -> set[int]:
    """The positions the difflib version of JM106 flagged (its algorithm, kept here)."""
    flagged: set[int] = set()
    exact: set[str] = set()
    earlier: list[tuple[str, frozenset[str]]] = []
    for position, raw in enumerate(names):
        name = _normalise(raw)
        if name in exact:
            flagged.add(position)
            continue
        pairs = frozenset(map(str.__add__, name, name[1:]))
        for other, other_pairs in earlier:
            shorter = min(len(name), len(other))
            if 2 * shorter < 0.9 * (len(name) + len(other)):
                continue
            if 2 * len(pairs & other_pairs) < 0.7 * (len(pairs) + len(other_pairs)):
                continue
            if SequenceMatcher(None, other, name, autojunk=False).ratio() >= 0.9:
                flagged.add(position)
                break
        exact.add(name)
        earlier.append((name, pairs))
    return flagged


def new_flags(names: list[str], use_filter: bool | None = None) -> set[int]:
    """The positions the rapidfuzz version flags, through the same steps as the rule."""
    first: dict[str, int] = {}
    for position, raw in enumerate(names):
        first.setdefault(_normalise(raw), position)
    distinct = list(first)
    similar = first_similar([name[:MAX_CHARS] for name in distinct], use_filter=use_filter)
    near = {first[name] for name, other in zip(distinct, similar, strict=True) if other is not None}
    return {
        position
        for position, raw in enumerate(names)
        if first[_normalise(raw)] != position or position in near
    }


def test_finds_everything_difflib_found_on_realistic_names():
    total = 0
    for seed in range(25):
        names = realistic_names(seed, 20 + seed * 4)
        old = difflib_flags(names)
        assert old <= new_flags(names), seed
        total += len(old)
    assert total > 50  # the sets really have near-duplicates to find


def test_the_filter_finds_exactly_what_comparing_every_pair_finds():
    for seed in range(3):
        names = list(dict.fromkeys(map(_normalise, realistic_names(seed, 600))))
        assert first_similar(names, use_filter=True) == first_similar(names, use_filter=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abc de", min_size=1, max_size=30), min_size=2, max_size=40))
def test_the_filter_is_exact_on_dense_names(names):
    names = list(dict.fromkeys(names))
    assert first_similar(names, use_filter=True) == first_similar(names, use_filter=False)


def test_long_names_are_compared_on_their_start(tmp_path):
    words = [f"word{index}" for index in range(1200)]
    long_name = " ".join(words)
    steps = "\n".join(
        f"      - {{id: long-{index}, name: {long_name} {'x' * index}, owner: product}}"
        for index in range(3)
    )
    journey = JOURNEY.replace(
        "      - {id: first-value, name: Reaches first value, owner: product, emotion: 2}",
        "      - {id: first-value, name: Reaches first value, owner: product, emotion: 2}\n"
        + steps,
    )
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    found = sorted(f.message for f in run.findings if f.code == "JM106")
    assert len(found) == 2
    assert all("nearly the same as the name of step 'long-0'" in message for message in found)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="abc de", max_size=30), min_size=2, max_size=COUNTED_MAX_NAMES))
def test_the_small_journey_filter_is_exact(names):
    names = list(dict.fromkeys(names))
    assert counted_first_similar(names) == first_similar(names, use_filter=False)


def test_the_small_journey_filter_is_exact_on_realistic_names():
    found = 0
    for seed in range(40):
        names = list(dict.fromkeys(map(_normalise, realistic_names(seed, COUNTED_MAX_NAMES))))
        similar = counted_first_similar(names)
        assert similar == first_similar(names, use_filter=False), seed
        found += sum(other is not None for other in similar)
    assert found > 10  # the lists really hold near-duplicates


def test_many_small_journeys_end_up_compared_in_cpp(monkeypatch):
    """The plain-Python filter has a budget of pairs per process; both paths find the same."""
    names = list(dict.fromkeys(map(_normalise, realistic_names(7, 30))))
    expected = first_similar(names, use_filter=False)
    per_journey = len(names) * (len(names) - 1) // 2
    in_python = []
    real = similar.counted_first_similar
    monkeypatch.setattr(similar, "_counted_pairs", 0)
    monkeypatch.setattr(similar, "counted_first_similar", lambda n: in_python.append(n) or real(n))
    for _ in range(2 * similar.COUNTED_PAIRS // per_journey):
        assert first_similar(names) == expected
    assert len(in_python) == similar.COUNTED_PAIRS // per_journey


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x250), max_size=40) | st.text(max_size=40))
def test_names_are_normalised_as_the_regular_expression_does(name):
    """JM106's ASCII shortcut (``bytes.translate``) gives what the regex gives, for any text."""
    assert structure._normalise(name) == _normalise(name)
