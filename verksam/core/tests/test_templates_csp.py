"""No template has inline script, inline style or event handler attributes.

The Content Security Policy (settings.CONTENT_SECURITY_POLICY) allows scripts and
styles from Verksam's own static files only, so the browser would refuse anything
inline: this catches it before a user meets a page that silently does not work.
"""

import re
from pathlib import Path

import pytest

import verksam

TEMPLATE_ROOT = Path(verksam.__file__).resolve().parent
TEMPLATES = sorted(
    path
    for path in TEMPLATE_ROOT.rglob("templates/**/*")
    if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
)

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_it_finds_the_templates():
    assert len(TEMPLATES) > 20
    assert any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=[str(path.relative_to(TEMPLATE_ROOT)) for path in TEMPLATES]
)
def test_it_has_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    problems = [
        f"{name}: {match.group(0)!r}"
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("event handler attribute", EVENT_HANDLER),
            ("javascript: URL", JAVASCRIPT_URL),
        )
        for match in pattern.finditer(text)
    ]
    assert not problems, problems


@pytest.mark.parametrize(
    ("markup", "pattern"),
    [
        ("<script>alert(1)</script>", INLINE_SCRIPT),
        ('<script type="module">', INLINE_SCRIPT),
        ('<p style="color: red">', STYLE_ATTRIBUTE),
        ('<button onclick="go()">', EVENT_HANDLER),
        ("<style>p {}</style>", STYLE_ELEMENT),
        ('<a href="javascript:void(0)">', JAVASCRIPT_URL),
    ],
)
def test_it_recognises_what_it_looks_for(markup, pattern):
    assert pattern.search(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/static/verksam/verksam.js" defer></script>',
        '<button hx-on="click">',  # not matched as a handler: hx-on is not " on…="
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>',
    ],
)
def test_it_lets_allowed_markup_pass(markup):
    assert not INLINE_SCRIPT.search(markup)
    assert not STYLE_ATTRIBUTE.search(markup)
    assert not EVENT_HANDLER.search(markup)
