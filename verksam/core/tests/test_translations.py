"""The Swedish translation is complete, compiled and used by the pages.

The standard library reads compiled .mo files but not .po files, so a small
parser of the .po entries lives here; the test needs no gettext tools.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

SV_DIR = Path(settings.LOCALE_PATHS[0]) / "sv" / "LC_MESSAGES"
SV_PO = SV_DIR / "django.po"
SV_MO = SV_DIR / "django.mo"

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), quoted[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included, obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()

    def store(name: str, index: int | None, text: str) -> None:
        if name == "msgstr" and index is not None:
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, quoted = match.groups()
            name = "msgstr" if keyword.startswith("msgstr") else keyword
            follows_context = keyword == "msgid" and target is not None and target[0] == "msgctxt"
            if keyword in ("msgctxt", "msgid") and not follows_context:
                entry = Entry(flags=pending_flags, line=number)
                entries.append(entry)
                pending_flags = set()
            target = (name, int(index) if index is not None else None)
            store(*target, _unquote(quoted))
        elif line.startswith('"') and entry is not None and target is not None:
            store(*target, _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    return entries


class MissingFromMo(gettext.NullTranslations):
    """Fallback that marks a message the compiled catalog does not have."""

    MARK = "\x00missing\x00"

    def gettext(self, message):
        return self.MARK

    def ngettext(self, msgid1, msgid2, n):
        return self.MARK

    def pgettext(self, context, message):
        return self.MARK

    def npgettext(self, context, msgid1, msgid2, n):
        return self.MARK


def _label(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


@pytest.fixture(scope="module")
def sv_entries() -> list[Entry]:
    return parse_po(SV_PO)


def test_it_parses_the_swedish_catalog(sv_entries):
    header, *messages = sv_entries
    assert header.msgid == ""
    assert "Language: sv" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr
    assert len(messages) > 100
    assert any(entry.msgid_plural for entry in messages)


def test_it_translates_every_entry_into_swedish(sv_entries):
    empty = [_label(e) for e in sv_entries if not e.translations or not all(e.translations)]
    assert empty == [], "entries without a Swedish translation"


def test_it_fills_both_plural_forms(sv_entries):
    plurals = [e for e in sv_entries if e.msgid_plural is not None]
    incomplete = [_label(e) for e in plurals if sorted(e.msgstr_plural) != [0, 1]]
    assert incomplete == [], "plural entries need msgstr[0] and msgstr[1]"


def test_it_has_no_fuzzy_entry(sv_entries):
    fuzzy = [_label(e) for e in sv_entries if "fuzzy" in e.flags]
    assert fuzzy == [], "fuzzy entries are left out of the compiled catalog"


def test_it_keeps_the_placeholders_of_every_entry(sv_entries):
    wrong = []
    for entry in sv_entries[1:]:
        for index, translation in enumerate(entry.translations):
            source = entry.msgid_plural if index and entry.msgid_plural else entry.msgid
            if set(PLACEHOLDER.findall(translation)) != set(PLACEHOLDER.findall(source)):
                wrong.append(f"{_label(entry)} -> {translation!r}")
    assert wrong == [], "placeholders differ between source and translation"


def test_it_compiles_every_entry_as_it_is_in_the_po_file(sv_entries):
    with SV_MO.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    compiled.add_fallback(MissingFromMo())
    stale = []
    # The header is left out: its dates change whenever makemessages runs.
    for entry in sv_entries[1:]:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                found = [compiled.gettext(entry.msgid)]
            else:
                found = [compiled.pgettext(entry.msgctxt, entry.msgid)]
        elif entry.msgctxt is None:
            found = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        else:
            found = [
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
        if found != entry.translations:
            stale.append(_label(entry))
    assert stale == [], "django.mo is out of date: run manage.py compilemessages"


def test_it_shows_the_start_page_in_swedish_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Logga in" in content


def test_it_shows_the_start_page_in_english_when_chosen(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Log in" in content
    assert "Logga in" not in content
