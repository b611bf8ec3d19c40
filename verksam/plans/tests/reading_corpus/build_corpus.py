"""Rebuild the generated documents of the reading corpus from their sources.

Run from the repository root: `.venv/bin/python verksam/plans/tests/reading_corpus/build_corpus.py`.

Each file in `sources/` is named `<name>.<format>.md` and holds a plan's text as the
original shows it, in a small markup: `#`, `##`, `###` headings, `- ` bullets, `1. `
numbered items, `| a | b |` table rows (the first row is the header), `@toc:`, `@toc1:`
and `@toc2:` table-of-contents lines, and `@header:` / `@footer:` running page texts
(PDF only). The script writes `documents/<name>.<format>`: DOCX with real heading, list
and table styles (python-docx), PDF with running headers, footers, page numbers and
hyphenated lines (WeasyPrint), HTML, or plain text (the source as it stands). The seed
documents in `documents/` are copied as they were and have no source here.
"""

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DOCUMENTS = HERE / "documents"


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, object]]]:
    """The source as a list of (kind, content) blocks and its @directives."""
    directives: dict[str, str] = {}
    blocks: list[tuple[str, object]] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()
        if table:
            blocks.append(("table", [row[:] for row in table]))
            table.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(":")
            if key in ("header", "footer"):
                directives[key] = value.strip()
            else:
                flush()
                blocks.append((key, value.strip()))
            continue
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if heading:
            flush()
            blocks.append((f"h{len(heading.group(1))}", heading.group(2)))
            continue
        if line.startswith("|"):
            if paragraph:
                flush()
            table.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        bullet = re.match(r"^(- |• )(.*)$", line)
        if bullet:
            flush()
            blocks.append(("bullet", bullet.group(2)))
            continue
        number = re.match(r"^\d+\. (.*)$", line)
        if number:
            flush()
            blocks.append(("number", number.group(1)))
            continue
        paragraph.append(line)
    flush()
    return directives, blocks


def write_docx(blocks: list[tuple[str, object]], path: Path) -> None:
    import docx

    document = docx.Document()
    styles = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
    for kind, content in blocks:
        if kind in styles:
            document.add_paragraph(content, style=styles[kind])
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(content, style="List Number")
        elif kind == "toc":
            document.add_paragraph(content, style="TOC Heading")
        elif kind in ("toc1", "toc2"):
            indent = "" if kind == "toc1" else "    "
            document.add_paragraph(f"{indent}{content}")
        elif kind == "table":
            rows = content
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
                    if r == 0:
                        table.cell(r, c).paragraphs[0].runs[0].bold = True
        else:
            document.add_paragraph(content)
    document.core_properties.title = ""
    document.save(path)


def to_html(blocks: list[tuple[str, object]], title: str) -> str:
    parts: list[str] = []
    open_list = ""
    for kind, content in blocks:
        wanted = {"bullet": "ul", "number": "ol"}.get(kind, "")
        if open_list and wanted != open_list:
            parts.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            parts.append(f"<{wanted}>")
            open_list = wanted
        if wanted:
            parts.append(f"<li>{html.escape(content)}</li>")
        elif kind in ("h1", "h2", "h3"):
            parts.append(f"<{kind}>{html.escape(content)}</{kind}>")
        elif kind == "table":
            rows = content
            cells = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows[1:]
            )
            parts.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "toc":
            parts.append(f"<p class='toc-title'>{html.escape(content)}</p>")
        elif kind in ("toc1", "toc2"):
            parts.append(f"<p class='{kind}'>{html.escape(content)}</p>")
        else:
            parts.append(f"<p>{html.escape(content)}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body><main>\n{body}\n</main></body></html>\n"
    )


PDF_CSS = """
@page { size: A5; margin: 22mm 16mm 20mm 16mm;
  @top-center { content: "%(header)s"; font-size: 8pt; color: #555; }
  @bottom-center { content: "%(footer)s – sida " counter(page); font-size: 8pt; color: #555; }
}
body { font-family: serif; font-size: 10pt; line-height: 1.3; hyphens: auto; text-align: justify; }
h1 { font-size: 20pt; font-family: sans-serif; }
h2 { font-size: 14pt; font-family: sans-serif; margin-top: 14pt; }
h3 { font-size: 11.5pt; font-family: sans-serif; font-weight: bold; }
table { border-collapse: collapse; } td, th { border: 0.5pt solid #999; padding: 2pt; }
"""


def write_pdf(blocks, directives, path: Path) -> None:
    from weasyprint import HTML

    css = PDF_CSS % {
        "header": directives.get("header", "").replace('"', ""),
        "footer": directives.get("footer", "").replace('"', ""),
    }
    page = to_html(blocks, "").replace("</head>", f"<style>{css}</style></head>")
    HTML(string=page).write_pdf(path)


def build(only: str | None = None) -> list[Path]:
    written = []
    for source in sorted(SOURCES.glob("*.md")):
        name, fmt = source.name[: -len(".md")].rsplit(".", 1)
        if only and only != name:
            continue
        text = source.read_text(encoding="utf-8")
        target = DOCUMENTS / f"{name}.{fmt}"
        if fmt == "txt":
            target.write_text(text, encoding="utf-8")
        else:
            directives, blocks = parse(text)
            if fmt == "docx":
                write_docx(blocks, target)
            elif fmt == "html":
                title = next((c for k, c in blocks if k in ("h1", "h2")), "")
                target.write_text(to_html(blocks, title), encoding="utf-8")
            elif fmt == "pdf":
                write_pdf(blocks, directives, target)
            else:
                raise SystemExit(f"unknown format {fmt} in {source.name}")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path.relative_to(HERE))
