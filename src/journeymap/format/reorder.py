"""Put the keys of every block mapping in schema order by moving whole lines.

Why lines and not ruamel's object model: ruamel attaches a comment to the node
*before* it, often the last scalar deep inside the previous key's value, so a
``# journeymap: disable=JM201`` written above a key would travel with the wrong
key once keys move. Here each key owns the lines from the end of the previous
key's content to the end of its own content: the comments and blank lines above
it, its value, and the end-of-line comments. Reordering permutes those blocks,
so every comment stays next to the key it was written for.

The positions come from the node tree of journeymap's own safe loader. A mapping
whose layout is unusual (complex keys, keys not at the start of their line,
merge keys) keeps its order; a file with aliases keeps its order too, because
moving a key could put an alias before its anchor.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.format.order import Shape

_UNSAFE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters libyaml counts as line breaks and ``str.split('\\n')`` does not."""


def reorder_keys(text: str, root: Node, shape: Shape) -> str:
    """``text`` with every block mapping's keys in ``shape``'s order (comments kept)."""
    if any(mark in text for mark in _UNSAFE_BREAKS) or "\r" in text.replace("\r\n", ""):
        return text
    if _has_aliases(root):
        return text
    lines = text.split("\n")
    rebuilt = _Reorder(lines).span(0, len(lines) - 1, _units(root, shape))
    return "\n".join(rebuilt)


def _has_aliases(root: Node) -> bool:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return False


def _units(node: Node, shape: Shape) -> list[tuple[MappingNode, Shape]]:
    """The outermost block mappings inside ``node`` (itself included), with their shapes."""
    if isinstance(node, MappingNode):
        return [] if node.flow_style else [(node, shape)]
    if isinstance(node, SequenceNode) and not node.flow_style:
        item = shape.item()
        return [unit for child in node.value for unit in _units(child, item)]
    return []


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class _Reorder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def content_end(self, node: Node) -> int:
        """0-based line of the last character that belongs to ``node``.

        A block scalar's end mark lies after the blank lines that follow it; unless
        its chomping indicator keeps them (``|+``), they separate it from what
        follows and stay where they are.
        """
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            key, value = node.value[-1]
            return max(self.content_end(key), self.content_end(value))
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            return self.content_end(node.value[-1])
        start, end = node.start_mark, node.end_mark
        last = int(end.line) - 1 if end.column == 0 and end.line > start.line else int(end.line)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            header = self.lines[start.line][start.column :].split("#")[0]
            if "+" not in header:
                while last > start.line and not self.lines[last].strip():
                    last -= 1
        return last

    def span(self, low: int, high: int, units: list[tuple[MappingNode, Shape]]) -> list[str]:
        """Lines ``low..high`` with the block mappings in ``units`` reordered."""
        out: list[str] = []
        current = low
        for mapping, shape in units:
            start = mapping.value[0][0].start_mark.line if mapping.value else current
            end = self.content_end(mapping)
            if start < current or end > high:  # not where we expect it: leave it as written
                continue
            out.extend(self.lines[current:start])
            out.extend(self.mapping(mapping, shape))
            current = end + 1
        out.extend(self.lines[current : high + 1])
        return out

    def mapping(self, node: MappingNode, shape: Shape) -> list[str]:
        pairs = node.value
        column = pairs[0][0].start_mark.column
        first_line = pairs[0][0].start_mark.line
        segments: list[tuple[object, list[str], int]] = []
        movable = True
        previous_end = first_line - 1
        for key, value in pairs:
            line = key.start_mark.line
            if not (
                isinstance(key, ScalarNode)
                and not key.style
                and key.tag != "tag:yaml.org,2002:merge"
                and key.start_mark.column == column
                and line > previous_end
            ):
                movable = False
            start = line if not segments else previous_end + 1
            end = max(self.content_end(key), self.content_end(value))
            if any(not _is_filler(text) for text in self.lines[start:line]):
                movable = False
            body = self.span(start, end, _units(value, shape.child(key.value)))
            segments.append((key.value, body, line - start))
            previous_end = end
        prefix = self.lines[first_line][:column]
        order = shape.sort_keys([name for name, _, _ in segments])
        if not movable or order == [name for name, _, _ in segments] or set(prefix) - {" ", "-"}:
            return [text for _, body, _ in segments for text in body]
        if any(self.lines[key.start_mark.line][:column].strip() for key, _ in pairs[1:]):
            return [text for _, body, _ in segments for text in body]
        by_name = {name: (body, offset) for name, body, offset in segments}
        out: list[str] = []
        for index, name in enumerate(order):
            body, offset = by_name[name]
            body = list(body)
            body[offset] = (prefix if index == 0 else " " * column) + body[offset][column:]
            if index == 0:  # comments above the new first key go above the whole item
                out.extend(body[:offset])
                body = body[offset:]
            out.extend(body)
        return out
