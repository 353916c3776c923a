"""Near-duplicate search over a journey's step names, near-linear in practice.

Similarity is rapidfuzz's ``fuzz.ratio``: the Indel similarity ``2 * LCS / (len(a) +
len(b))`` (longest common subsequence), computed in C++. It is never below
difflib's ``SequenceMatcher.ratio`` on the same pair (difflib's matching blocks
form a common subsequence), so every pair the earlier difflib rule flagged is
still flagged.

Comparing every pair is fine for the journeys people draw (a 100-step map is
5,000 pairs, well under a millisecond each in C++), but it is quadratic: a
5,000-step journey is 12.5 million pairs, about a second. Big journeys go
through a filter first: the longest common subsequence of two names is at most
``sum(min(count_a(c), count_b(c)))`` over their characters, so a pair whose
character counts cannot reach the threshold is not compared. That sum is the
dot product of "at least t copies of character c" indicator vectors, so numpy
computes it for a whole block of names in one matrix product. On names that
share words (real step names do), it leaves about one candidate per true near
duplicate. The filter is exact (it never drops a similar pair), and the tests
compare both paths. Small journeys (most files) go through the same filter pair
by pair in plain Python, which usually leaves no pair at all: then rapidfuzz is
not even imported, which matters when ``validate`` checks one file (a run over
many files switches to rapidfuzz once the plain-Python checks have cost about
what its import does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

RATIO = 90
"""Names at least this similar (rapidfuzz ``fuzz.ratio``, 0-100) are near-duplicates."""
MAX_CHARS = 200
"""Names are compared on their first 200 characters: longer ones are prose, not step
names, and bounding the length bounds the cost of each comparison."""
FILTER_MIN_NAMES = 1000
"""From this many distinct names on, the character-count filter pays for importing numpy."""
COUNTED_MAX_NAMES = 50
"""Up to this many distinct names, the same filter runs in plain Python (a few ms at most)
and rapidfuzz, whose import costs about 10 ms, is only imported for pairs that pass it;
on real journeys none does, so validating one file does not import it."""
COUNTED_PAIRS = 3_000
"""Pairs the plain-Python filter checks in one process at most, about what importing
rapidfuzz costs: a run over many files then compares in C++, which is cheaper per pair."""
_BLOCK = 512
_counted_pairs = 0  # pairs the plain-Python filter has checked in this process


def first_similar(names: Sequence[str], *, use_filter: bool | None = None) -> list[int | None]:
    """For each name, the index of the first earlier name at least ``RATIO`` similar, or None.

    ``names`` should be distinct (exact duplicates are cheaper to find with a dict)
    and already truncated to ``MAX_CHARS``. ``use_filter`` forces or forbids the
    numpy filter; ``False`` compares every pair. By default, up to
    ``COUNTED_MAX_NAMES`` names go through :func:`counted_first_similar` (until
    ``COUNTED_PAIRS`` pairs have), from ``FILTER_MIN_NAMES`` names on through the
    numpy filter, and every pair is compared in between.
    """
    global _counted_pairs
    if use_filter is None:
        pairs = len(names) * (len(names) - 1) // 2
        if len(names) <= COUNTED_MAX_NAMES and _counted_pairs + pairs <= COUNTED_PAIRS:
            _counted_pairs += pairs
            return counted_first_similar(names)
        use_filter = len(names) >= FILTER_MIN_NAMES
    return _filtered(names) if use_filter else _pairwise(names)


def counted_first_similar(names: Sequence[str]) -> list[int | None]:
    """:func:`first_similar` through the character-count filter in plain Python, pair by pair.

    For a few names: no numpy, and rapidfuzz is imported only if a pair passes the filter.
    """
    lengths = [len(name) for name in names]
    counts = [Counter(name) for name in names]
    result: list[int | None] = [None] * len(names)
    for index in range(1, len(names)):
        for other in range(index):
            total = lengths[index] + lengths[other]
            # ratio = 200 * LCS / total, and LCS <= the shorter length <= the common counts
            if 200 * min(lengths[index], lengths[other]) < RATIO * total:
                continue
            fewer, more = sorted((counts[index], counts[other]), key=len)
            common = sum(min(number, more[char]) for char, number in fewer.items())
            if 200 * common < RATIO * total:
                continue
            from rapidfuzz import fuzz

            if fuzz.ratio(names[index], names[other], score_cutoff=RATIO):
                result[index] = other
                break
    return result


def _pairwise(names: Sequence[str]) -> list[int | None]:
    """Every pair, in one C++ call: a matrix of scores, zero below ``RATIO`` (a 100-step
    map: 0.7 ms, where one rapidfuzz search per name took 1.2 ms)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    result: list[int | None] = [None] * len(names)
    scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=RATIO, dtype=np.uint8)
    rows, columns = np.nonzero(np.tril(scores, -1))  # earlier names only, row by row
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        if result[row] is None:  # columns ascend within a row: the first is the earliest
            result[row] = column
    return result


def _filtered(names: Sequence[str]) -> list[int | None]:
    """Only pairs whose character counts allow ``RATIO`` are compared."""
    import numpy as np
    from rapidfuzz import fuzz

    count = len(names)
    result: list[int | None] = [None] * count
    if count < 2:
        return result
    lengths = np.fromiter(map(len, names), dtype=np.int64, count=count)
    codes = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    alphabet, symbols = np.unique(codes, return_inverse=True)
    rows = np.repeat(np.arange(count), lengths)
    counts = np.bincount(
        rows * len(alphabet) + symbols.ravel(), minlength=count * len(alphabet)
    ).reshape(count, len(alphabet))
    # Column (c, t) is 1 where a name has at least t copies of character c, so the dot
    # product of two rows is sum(min(count_a(c), count_b(c))), an upper bound of the LCS.
    levels = [counts >= level for level in range(1, int(counts.max()) + 1)]
    indicators = np.concatenate(levels, axis=1).astype(np.float32)
    indicators = indicators[:, indicators.any(axis=0)]
    sizes = lengths.astype(np.float32)
    for start in range(0, count, _BLOCK):
        stop = min(count, start + _BLOCK)
        common = indicators[start:stop] @ indicators[:stop].T
        # ratio = 200 * LCS / (len_a + len_b) >= RATIO  <=>  200 * LCS >= RATIO * (len_a + len_b)
        possible = 200 * common >= RATIO * (sizes[start:stop, None] + sizes[None, :stop])
        possible &= np.tri(stop - start, stop, start - 1, dtype=bool)  # earlier names only
        for row, column in zip(*(axis.tolist() for axis in np.nonzero(possible)), strict=True):
            index = start + row
            if result[index] is None and fuzz.ratio(
                names[index], names[column], score_cutoff=RATIO
            ):
                result[index] = column
    return result
