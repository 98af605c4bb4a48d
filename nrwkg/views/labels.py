"""Labels that do not overlap at the default zoom: the more central node keeps its label.

vis-network draws a node's label below it, scaled with the zoom like the positions, so two labels
that overlap in canvas units overlap at every zoom. Nodes are visited from the most central on;
a label whose box would cover a label already placed is left off the canvas (the node keeps its
name in the tooltip, the details panel and the search). A grid keeps this linear in practice.
"""

from __future__ import annotations

from collections import defaultdict

__all__ = ["declutter", "label_box"]

_CHAR = 0.56  # average glyph width, in font sizes (system-ui)
_LINE = 1.25
_MAX_WIDTH = 190  # vis-options.json: nodes.widthConstraint.maximum
_CELL = 200.0


def label_box(node: dict, font_size: float = 14.0) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a node's label in canvas units."""
    size = float(node.get("font", {}).get("size", font_size))
    width = min(_MAX_WIDTH, _CHAR * size * len(node["label"])) + 4
    lines = max(1, -(-(_CHAR * size * len(node["label"])) // _MAX_WIDTH))
    top = node["y"] + node.get("size", 10) + 2
    return node["x"] - width / 2, top, node["x"] + width / 2, top + _LINE * size * lines


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def declutter(nodes: list[dict], order: list[int]) -> int:
    """Blank the labels that would cover a more central one; `order` lists node indexes, most
    central first. Returns how many labels were left off."""
    grid: dict[tuple[int, int], list] = defaultdict(list)
    dropped = 0
    for i in order:
        node = nodes[i]
        if not node.get("label") or "x" not in node:
            continue
        box = label_box(node)
        cells = [(cx, cy) for cx in range(int(box[0] // _CELL), int(box[2] // _CELL) + 1)
                 for cy in range(int(box[1] // _CELL), int(box[3] // _CELL) + 1)]
        if any(_overlaps(box, other) for cell in cells for other in grid[cell]):
            node["label"] = ""
            dropped += 1
            continue
        for cell in cells:
            grid[cell].append(box)
    return dropped
