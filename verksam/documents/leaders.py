"""The dots of the PDF's contents, laid out in runs instead of one box per dot.

The print stylesheet joins each entry of the contents to its page number with
``leader(".")``. WeasyPrint fills a leader with one text box per dot, a hundred
or more a line, and every one of them is copied, given a background, searched
for anchors, tagged and drawn on its own, with its own text layout: in an annual
report whose contents lists a few hundred headings, a quarter of the time its
PDF took. `install` has WeasyPrint place the dots of a leader as RUNs: one text
box for every RUN dots side by side, starting where the first of them would
have been: the same glyphs at the same places, and the same text when the PDF
is searched or copied from.

Runs rather than one box for the whole leader: a run places its dots by the
font's advance, which differs from the width WeasyPrint measured for one dot by
a thousandth of a point or two, so a whole line of dots would end a fifth of a
point off, and a text extractor would read the line with different spaces. A
run of RUN dots keeps every dot within a twentieth of a point of its place, and
the text read from the PDF is the same as with one box per dot.

The dots are placed as WeasyPrint 70 places them (pyproject.toml keeps it below
71): from the right end of the line leftwards, one dot's width apart, keeping
those that fall between the text before the leader and the text after it; the
leader then widens to fill the line and what follows it moves right. A leader
this does not expect (right-to-left text, a leader of more than one text box)
is left to WeasyPrint.
"""

from __future__ import annotations

import copy

from verksam.core.once import Once

#: Dots joined into one text box.
RUN = 32


def _install() -> None:
    """Have WeasyPrint lay out leaders in runs from now on, in this process; once is enough."""
    from weasyprint.layout import inline

    inline.handle_leader = _leader_handler(inline.handle_leader)


install = Once(_install)


def _leader_handler(place_dot_by_dot):
    def handle_leader_in_runs(context, line, containing_block):
        if not place_leader_in_runs(context, line, containing_block):
            place_dot_by_dot(context, line, containing_block)

    return handle_leader_in_runs


def place_leader_in_runs(context, line, containing_block) -> bool:
    """Fill the leader of `line` with runs of dots; False for a leader left to WeasyPrint.

    A line without a leader, or whose leader has nothing to place, is done with (True).
    """
    from weasyprint.layout.leader import leader_index

    index, leader = leader_index(line)
    if index is None or not leader.children:
        return True
    if len(leader.children) != 1 or line.style["direction"] != "ltr":
        return False
    (dot,) = leader.children
    if getattr(dot, "pango_layout", None) is None:
        return False
    if dot.width <= 0:
        return True
    # The room left on the line, less the floats beside it, is what the leader grows by.
    extra_width = containing_block.width - sum(
        child.margin_width() for child in line.children if child.is_in_normal_flow()
    )
    for shape in context.excluded_shapes:
        if shape.position_y + shape.height > line.position_y:
            extra_width -= shape.width
    line.width = containing_block.width
    places = dot_places(
        line_right=line.position_x + line.width,
        dots=int(line.width // dot.width),
        dot_width=dot.width,
        left=leader.position_x,
        right=leader.position_x + extra_width + dot.width,
    )
    leader.children = tuple(
        _run(dot, places[start : start + RUN]) for start in range(0, len(places), RUN)
    )
    _widen(line, index, extra_width)
    return True


def dot_places(
    *, line_right: float, dots: int, dot_width: float, left: float, right: float
) -> list[float]:
    """Where the dots start, from the right: every `dot_width` leftwards from the line's
    right end, `dots` in all, keeping those wholly between `left` and `right`."""
    places = []
    position_x = line_right
    for _dot in range(dots):
        position_x -= dot_width
        if position_x >= left and position_x + dot_width <= right:
            places.append(position_x)
    return places


def _run(dot, places: list[float]):
    """One text box showing as many dots as `places`, at the leftmost of them."""
    run = dot.copy_with_text(dot.text * len(places))
    run.position_x = places[-1]
    run.width = dot.width * len(places)
    # The dot's text layout is inactive after line breaking; WeasyPrint sets a layout up
    # again from its text when it draws it, so a copy with the run's text draws the run.
    run.pango_layout = copy.copy(dot.pango_layout)
    run.pango_layout.text = run.text
    return run


def _widen(line, index, extra_width: float) -> None:
    """Widen the leader and the boxes holding it by `extra_width` and move what follows it."""
    box = line
    while index is not None:
        position, index = index
        for child in box.children[position + 1 :]:
            if child.is_in_normal_flow():
                child.translate(dx=extra_width)
        box = box.children[position]
        box.width += extra_width
