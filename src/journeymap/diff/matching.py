"""Matching by id: what survived, what was renamed, what moved.

Shared by every document kind's comparison (``diff/journey.py``,
``diff/messaging.py``…). Everything is matched by id; when an id disappears and
another appears with the same (or nearly the same) content, :func:`match_renames`
pairs them as a likely rename. Order changes use a longest increasing
subsequence (:func:`moved_out_of_order`, O(n log n)); only the rename matcher
compares pairs, and only up to :data:`NEAR_MATCH_BUDGET` of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T")
K = TypeVar("K")

NEAR_MATCH_BUDGET = 40_000
"""Most (removed × added) pairs the near-rename matcher scores; beyond it only exact matches."""
NEAR_MATCH_THRESHOLD = 0.6
"""Jaccard similarity of content (without the id) from which two items are 'the same'."""


def fingerprint(item: BaseModel) -> frozenset[tuple[str, str]]:
    """The content of an item without its own id, as a set of (key path, value) tokens.

    List positions are left out of the key path so that reordering inside an
    item does not make it look different.
    """
    tokens: set[tuple[str, str]] = set()

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{prefix}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{prefix}[]")
        else:
            tokens.add((prefix, repr(value)))

    data = item.model_dump(mode="json", exclude_defaults=True)
    data.pop("id", None)
    walk(data, "")
    return frozenset(tokens)


def match_renames(
    removed: Mapping[str, T],
    added: Mapping[str, T],
    fingerprint: Callable[[T], frozenset[Hashable]],
) -> dict[str, str]:
    """Pair removed ids with added ids whose content is equal or nearly equal.

    Exact matches go through a dict (linear). Near matches (Jaccard similarity of
    the fingerprints at least :data:`NEAR_MATCH_THRESHOLD`) are scored pairwise,
    greedily best first, and only when there are at most
    :data:`NEAR_MATCH_BUDGET` pairs to score.
    """
    if not removed or not added:
        return {}
    old_prints = {key: fingerprint(item) for key, item in removed.items()}
    new_prints = {key: fingerprint(item) for key, item in added.items()}
    by_print: dict[frozenset[Hashable], list[str]] = {}
    for key, tokens in new_prints.items():
        if tokens:
            by_print.setdefault(tokens, []).append(key)
    pairs: dict[str, str] = {}
    for key, tokens in old_prints.items():
        candidates = by_print.get(tokens)
        if candidates:
            pairs[key] = candidates.pop(0)
    left = [key for key in old_prints if key not in pairs]
    taken = set(pairs.values())
    right = [key for key in new_prints if key not in taken]
    if not left or not right or len(left) * len(right) > NEAR_MATCH_BUDGET:
        return pairs
    scored = []
    for a in left:
        for b in right:
            union = len(old_prints[a] | new_prints[b])
            if union:
                score = len(old_prints[a] & new_prints[b]) / union
                if score >= NEAR_MATCH_THRESHOLD:
                    scored.append((-score, a, b))
    for _, a, b in sorted(scored):
        if a not in pairs and b not in taken:
            pairs[a] = b
            taken.add(b)
    return pairs


def moved_out_of_order(
    old_order: Sequence[Hashable], new_order: Sequence[Hashable]
) -> set[Hashable]:
    """Items (present in both orders) that changed place, as few as possible.

    The items that keep their relative order form a longest increasing subsequence
    of new positions taken in old order; everything else moved. So inserting or
    deleting one item does not make all the following ones look moved. Pass the
    whole lists (items only on one side included): positions are read in them.

    Several runs are often equally long (two neighbours swapped: either one
    "moved"); the run kept is the one whose items moved least from their old
    position, so an item that stayed where it was is kept rather than reported
    when some fewest set allows it, and on a further tie the one with the
    earlier old positions (of two swapped neighbours, the one that moved up is
    reported).
    """
    position = {item: index for index, item in enumerate(new_order)}
    common = [(index, item) for index, item in enumerate(old_order) if item in position]
    keep = _steadiest_run([(index, position[item]) for index, item in common], len(new_order))
    return {item for rank, (_, item) in enumerate(common) if rank not in keep}


_Score = tuple[int, int, int]
"""A run's (length, -sum of distances moved, -sum of old positions): larger is better."""


def _steadiest_run(places: Sequence[tuple[int, int]], size: int) -> set[int]:
    """Indices of ``places`` (old, new position; in old order) forming the best increasing run.

    Best is :data:`_Score`, compared as a tuple. Each score adds up over the items
    of a run, so the best run ending at an item extends the best one ending at a
    smaller new position: a Fenwick tree over new positions holds those prefix
    maxima, O(n log n) like the plain longest increasing subsequence.
    """
    tree: list[tuple[_Score, int]] = [((0, 0, 0), -1)] * (size + 1)
    scores: list[_Score] = []
    parent: list[int] = []
    for rank, (old, new) in enumerate(places):
        best, previous = (0, 0, 0), -1
        slot = new
        while slot > 0:
            if tree[slot][0] > best:
                best, previous = tree[slot]
            slot -= slot & -slot
        score = (best[0] + 1, best[1] - abs(new - old), best[2] - old)
        scores.append(score)
        parent.append(previous)
        slot = new + 1
        while slot <= size:
            if score > tree[slot][0]:
                tree[slot] = (score, rank)
            slot += slot & -slot
    keep: set[int] = set()
    rank = max(range(len(scores)), key=scores.__getitem__, default=-1)
    while rank >= 0:
        keep.add(rank)
        rank = parent[rank]
    return keep


def list_delta(old: Iterable[T], new: Iterable[T]) -> tuple[list[T], list[T]]:
    """(added, removed) items of two lists, in list order, ignoring reordering."""
    old_list, new_list = list(old), list(new)
    old_set, new_set = set(old_list), set(new_list)
    return (
        [item for item in new_list if item not in old_set],
        [item for item in old_list if item not in new_set],
    )


def unmatched(old: Mapping[K, T], new: Mapping[K, T]) -> tuple[dict[K, T], dict[K, T]]:
    """(only in old, only in new) entries of two dicts by key, in their own order."""
    return (
        {key: item for key, item in old.items() if key not in new},
        {key: item for key, item in new.items() if key not in old},
    )
