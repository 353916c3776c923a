"""Globs of ``files:`` and ``exclude:``, matched in time linear in the path's length.

Syntax over POSIX relative paths: ``*`` is any run of characters within one
folder name, ``?`` one such character, ``**/`` any number of whole folders
(none included) and ``**`` elsewhere any run of characters, ``/`` included.

A translation to a backtracking regular expression (``**/`` as ``(?:.*/)?``)
is exponential on ``"**/" * 14 + "x.yml"``: every ``.*`` can end at every ``/``
and Python's ``re`` tries the combinations one by one. Here the glob is a small
automaton whose set of live states advances one character at a time
(Thompson's construction); the steps are memoised per (state set, character),
so matching a path costs one dictionary lookup per character once warm.
"""

from __future__ import annotations

from dataclasses import dataclass

LITERAL, ONE, STAR, ANY, SKIP = range(5)
"""Token kinds: a character; ``?``; ``*`` (stays, not over ``/``); ``**`` (stays, over
anything); an optional part (``**/``: jump over the next two tokens, ``ANY`` and ``/``)."""
MEMO_LIMIT = 100_000
"""Memoised steps kept per pattern before the memo starts afresh (bounds memory)."""

States = frozenset[int]


@dataclass(frozen=True, slots=True)
class Token:
    kind: int
    char: str = ""


def tokenize(pattern: str) -> list[Token]:
    """The glob as tokens; consecutive ``**/`` collapse into one (they mean the same)."""
    tokens: list[Token] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            if tokens[-3:] != [Token(SKIP), Token(ANY), Token(LITERAL, "/")]:
                tokens += [Token(SKIP), Token(ANY), Token(LITERAL, "/")]
            index += 3
        elif pattern.startswith("**", index):
            tokens.append(Token(ANY))
            index += 2
        elif pattern[index] == "*":
            tokens.append(Token(STAR))
            index += 1
        elif pattern[index] == "?":
            tokens.append(Token(ONE))
            index += 1
        else:
            tokens.append(Token(LITERAL, pattern[index]))
            index += 1
    return tokens


class GlobPattern:
    """A compiled glob; ``match(path)`` is true when the whole path matches."""

    __slots__ = ("_memo", "_start", "_tokens", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._tokens = tokenize(pattern)
        self._start = self._closure({0})
        self._memo: dict[tuple[States, str], States] = {}

    def __repr__(self) -> str:
        return f"GlobPattern({self.pattern!r})"

    def match(self, path: str) -> bool:
        states = self._start
        memo = self._memo
        for char in path:
            key = (states, char)
            following = memo.get(key)
            if following is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                following = memo[key] = self._step(states, char)
            if not following:
                return False
            states = following
        return len(self._tokens) in states

    def _closure(self, states: set[int]) -> States:
        """``states`` plus every state reachable without reading a character."""
        pending = list(states)
        reached = set(states)
        while pending:
            index = pending.pop()
            if index >= len(self._tokens):
                continue
            kind = self._tokens[index].kind
            targets = (index + 1,) if kind in (STAR, ANY) else ()
            if kind == SKIP:
                targets = (index + 1, index + 3)
            for target in targets:
                if target not in reached:
                    reached.add(target)
                    pending.append(target)
        return frozenset(reached)

    def _step(self, states: States, char: str) -> States:
        following: set[int] = set()
        for index in states:
            if index >= len(self._tokens):
                continue
            token = self._tokens[index]
            if (token.kind == LITERAL and token.char == char) or (
                token.kind == ONE and char != "/"
            ):
                following.add(index + 1)
            elif (token.kind == STAR and char != "/") or token.kind == ANY:
                following.add(index)
        return self._closure(following)


def relative_glob(pattern: str) -> str:
    """``pattern`` in the form of the paths it is matched against: relative POSIX paths
    from the workspace folder, which never hold ``.`` or empty parts.

    ``./journeys/*.yaml`` (as shells and many tools accept it) matched no file at all:
    every map was then unlisted (JM005) and an ``exclude:`` written so left nothing out.
    ``.`` and empty parts are dropped (a leading ``/`` anchors at the workspace folder,
    as in ``.gitignore``; every glob is anchored there anyway) and ``a/../b`` becomes
    ``b``. A ``..`` that climbs out of the folder is kept: such a glob can match nothing
    inside it, and ``outside_workspace`` says so.
    """
    parts: list[str] = []
    for part in pattern.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def outside_workspace(pattern: str) -> bool:
    """Whether a glob climbs out of the workspace folder (``../shared/*.yaml``)."""
    return relative_glob(pattern).split("/", 1)[0] == ".."


def hidden_folders(patterns: list[str]) -> list[GlobPattern]:
    """Globs of the hidden folder names (``.drafts``) that ``patterns`` name explicitly.

    Hidden folders (.git, .github, .venv…) are not searched for maps, but one that a
    ``files:`` glob names with its leading dot is: ``**`` alone does not enter them.
    """
    return [
        GlobPattern(part)
        for pattern in patterns
        for part in relative_glob(pattern).split("/")
        if part.startswith(".") and part != ".."
    ]
