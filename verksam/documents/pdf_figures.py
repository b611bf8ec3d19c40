"""The PDF's charts, drawn in other processes while WeasyPrint lays out its pages.

WeasyPrint works in two steps: it lays out every page, then draws the pages one
by one into the PDF. Laying out needs a chart's size only; its drawing is needed
when the page it is on is drawn. For an annual report of a hundred pages the layout
keeps one core busy for seconds, and drawing its twenty charts with matplotlib
takes one core a second or more. So the PDF's page names each chart by an address
of its own (`figure_url`) instead of holding its SVG, WeasyPrint is given for each
address a `FigureImage` of the chart's size, and the charts are drawn meanwhile in
forked children (verksam.followup.charts.drawing_meanwhile): when WeasyPrint draws
a chart, its SVG has long been drawn, and is drawn into the PDF exactly as before.

This leans on how WeasyPrint 70 takes images (pyproject.toml keeps it below 71):
``render(cache=...)`` takes a dict of images by address, which it uses before
fetching any address, and an image is an object with ``get_intrinsic_size`` and
``draw``; a `FigureImage` gets both from WeasyPrint's own ``SVGImage``, one of an
empty SVG of the chart's size and one of the chart itself. The tests compare the
pages with those of the charts given as data: URIs, pixel by pixel.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

from verksam.documents.content import DocumentContent, Figure
from verksam.followup.charts import Chart

#: matplotlib writes an SVG's size in points, 72 to the inch.
POINTS_PER_INCH = 72


def figure_url(index: int) -> str:
    """The address of the document's `index`-th figure (from 0) in its PDF's page."""
    return f"verksam-figure:{index}"


def has_own_url(figure: Figure) -> bool:
    """Whether the PDF's page names `figure` by its `figure_url`: those with a Chart to draw
    (followup.charts); others, drawn some other way, are in the page as their SVG."""
    return isinstance(figure.chart, Chart)


def figure_images(content: DocumentContent, font_config, url_fetcher) -> dict[str, FigureImage]:
    """WeasyPrint's image for each figure the PDF's page names by its `figure_url`."""
    return {
        figure_url(index): FigureImage(figure, figure_url(index), font_config, url_fetcher)
        for index, figure in enumerate(content.figures())
        if has_own_url(figure)
    }


class FigureImage:
    """A chart as WeasyPrint's image: its size from the chart, its SVG when it is drawn."""

    def __init__(self, figure: Figure, url: str, font_config, url_fetcher) -> None:
        width = figure.chart.width * POINTS_PER_INCH
        height = figure.chart.height * POINTS_PER_INCH
        self._svg: Callable[[], str] = figure.print_svg_image
        self._url = url
        self._url_fetcher = url_fetcher
        self._context = _DrawingContext(font_config)
        self._sized = self._image(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" '
            f'height="{height:g}pt" viewBox="0 0 {width:g} {height:g}"/>'
        )

    def get_intrinsic_size(self, image_resolution, font_size):
        return self._sized.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream, concrete_width, concrete_height, style) -> None:
        self._image(self._svg()).draw(stream, concrete_width, concrete_height, style)

    def _image(self, svg: str):
        from weasyprint.images import SVGImage

        # matplotlib's SVG, or the one above; WeasyPrint parses SVG files the same way.
        tree = ElementTree.fromstring(svg.encode("utf-8"))  # noqa: S314
        return SVGImage(tree, self._url, self._url_fetcher, self._context)


class _DrawingContext:
    """What WeasyPrint's SVG drawing asks of the layout it is drawn in: fonts for its
    text, hyphenation dictionaries (a chart's text is never hyphenated), and images
    (a chart has none)."""

    def __init__(self, font_config) -> None:
        self.font_config = font_config
        self.dictionaries: dict = {}

    def get_image_from_uri(self, **_address):
        return None
