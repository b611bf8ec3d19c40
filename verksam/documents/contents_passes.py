"""The PDF's contents laid out twice instead of three times, with the same page numbers.

The print stylesheet writes each entry of the contents with the number of the page
its heading is on, ``target-counter(attr(href), page)``. WeasyPrint lays a document
out in passes: in the first, the contents come before the headings they point to,
so their numbers are not known yet; when a pass has ended, the pages whose content
changed are laid out again in another pass. WeasyPrint 70 works the numbers into an
entry only after it has laid out the entry's page again, and then sees that page as
changed once more because the total number of pages differs from the first pass's:
so the contents' pages are laid out three times, the second time with the numbers
of the first pass, and the third with the right ones. For an annual report with
seven pages of contents, a tenth of the time its layout took.

`install` has WeasyPrint, before each pass after the first, work the page numbers
the last pass found into every entry that shows another element's page, and lay
those entries' pages out again; a change in the total number of pages no longer
counts as a change of an entry that does not show it. After the pass, if a heading
has moved to another page meanwhile, its entries are laid out again in one more
pass, as WeasyPrint would. The contents are laid out twice, with the same numbers.

This leans on how WeasyPrint 70 keeps these (pyproject.toml keeps it below 71): the
``counter_lookup_items`` of the layout's target collector, with for each the
counters it misses, its ``parse_again`` and the index of its page in the
``page_maker``; the tests compare the pages with WeasyPrint's own.
"""

from __future__ import annotations

import copy
import functools

from verksam.core.once import Once


def _install() -> None:
    """Have WeasyPrint lay out the contents twice from now on, in this process."""
    from weasyprint import layout

    layout.make_all_pages = _with_current_references(layout.make_all_pages)


install = Once(_install)


def _with_current_references(make_all_pages):
    @functools.wraps(make_all_pages)
    def make_all_pages_with_current_references(context, root_box, html, pages):
        if not pages:  # the first pass
            yield from make_all_pages(context, root_box, html, pages)
            return
        found = bring_references_up_to_date(context)
        yield from make_all_pages(context, root_box, html, pages)
        lay_out_moved_references_again(context, found)

    return make_all_pages_with_current_references


def bring_references_up_to_date(context) -> dict:
    """Work the page numbers of the last pass into the entries that show them, and have
    their pages laid out again; gives each target's page counters as they were used."""
    page_maker = context.page_maker
    total = page_maker[0][3][1].get("pages")  # the page state's page counters
    for item in _references(context):
        cached = item.cached_page_counter_values
        if total is not None and "pages" not in item.missing_counters:
            cached["pages"] = list(total)
        if item.missing_target_counters and _on_a_page(item, page_maker):
            item.parse_again(cached)
            page_maker[item.page_maker_index][-1]["content_changed"] = True
    return _target_counters(context)


def lay_out_moved_references_again(context, found: dict) -> None:
    """Have another pass lay out the entries whose target's counters moved during this one."""
    now = _target_counters(context)
    for item in _references(context):
        if _on_a_page(item, context.page_maker) and any(
            found.get(name, {}).get(counter) != now.get(name, {}).get(counter)
            for name, counters in item.missing_target_counters.items()
            for counter in counters
        ):
            context.page_maker[item.page_maker_index][-1]["content_changed"] = True


def _references(context):
    """The content lookups laid out on a page once already (those of ``content`` only)."""
    items = context.target_collector.counter_lookup_items.items()
    return [
        item
        for (_box, css_token), item in items
        if css_token == "content" and item.cached_page_counter_values
    ]


def _on_a_page(item, page_maker) -> bool:
    index = item.page_maker_index
    return index is not None and 0 <= index < len(page_maker)


def _target_counters(context) -> dict:
    items = context.target_collector.target_lookup_items.items()
    return {name: copy.deepcopy(item.cached_page_counter_values) for name, item in items}
