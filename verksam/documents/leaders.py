"""The dots of the PDF's contents, laid out in runs instead of one box per dot.

The print stylesheet joins each entry of the contents to its page number with
``leader(".")``. WeasyPrint fills a leader with one text box per dot, a hundred
or more a line, and every one of them is copied, given a background, searched
for anchors, tagged and drawn on its own, with its own text layout: in an annual
report whose contents lists a few hundred headings, a quarter of the time its
PDF took. `install` lets WeasyPrint place the dots as it always does and then joins
every RUN of them, side by side, into one text box that starts where the first
did: the same glyphs at the same places, and the same text when the PDF is
searched or copied from.

Runs rather than one box for the whole leader: a run places its dots by the
font's advance, which differs from the width WeasyPrint measured for one dot by
a thousandth of a point or two, so a whole line of dots would end a fifth of a
point off, and a text extractor would read the line with different spaces. A
run of RUN dots keeps every dot within a twentieth of a point of its place, and
the text read from the PDF is the same as with one box per dot.

This leans on how WeasyPrint 70 builds leaders (pyproject.toml keeps it below
71): a leader is an inline box marked ``is_leader`` whose children are copies of
one text box. A line whose leader looks otherwise is left as WeasyPrint made it.
"""

from __future__ import annotations

import copy

from verksam.core.once import Once

#: Dots joined into one text box.
RUN = 32
#: How far apart (in CSS pixels) two dots may be and still count as side by side.
TOLERANCE = 0.01


def _install() -> None:
    """Have WeasyPrint lay out leaders in runs from now on, in this process; once is enough."""
    from weasyprint.layout import inline

    place_leader = inline.handle_leader

    def handle_leader_in_runs(context, line, containing_block):
        place_leader(context, line, containing_block)
        join_leader_runs(line)

    inline.handle_leader = handle_leader_in_runs


install = Once(_install)


def join_leader_runs(line) -> None:
    """Join the dots of the leader in `line` into runs of RUN text boxes, if it has one."""
    from weasyprint.layout.leader import leader_index

    _index, leader = leader_index(line)
    if leader is None or len(leader.children) <= 1 or not _side_by_side(leader.children):
        return
    # WeasyPrint places the dots from the right: keep that order, run by run.
    dots = leader.children
    leader.children = tuple(_run(dots[start : start + RUN]) for start in range(0, len(dots), RUN))


def _side_by_side(dots) -> bool:
    first = dots[0]
    if getattr(first, "pango_layout", None) is None:
        return False
    if any(dot.text != first.text or dot.width != first.width for dot in dots):
        return False
    return all(
        abs(abs(one.position_x - other.position_x) - first.width) <= TOLERANCE
        for one, other in zip(dots, dots[1:], strict=False)
    )


def _run(dots):
    """One text box showing `dots` where the leftmost of them is."""
    if len(dots) == 1:
        return dots[0]
    leftmost = min(dots, key=lambda dot: dot.position_x)
    run = leftmost.copy_with_text(leftmost.text * len(dots))
    run.width = sum(dot.width for dot in dots)
    # The dot's text layout is inactive after line breaking; WeasyPrint sets a layout up
    # again from its text when it draws it, so a copy with the run's text draws the run.
    run.pango_layout = copy.copy(leftmost.pango_layout)
    run.pango_layout.text = run.text
    return run
