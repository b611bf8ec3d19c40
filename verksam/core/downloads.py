"""The Content-Disposition header of every file Verksam hands out, with its name intact.

A download keeps its Swedish name ("Verksamhetsberättelse-2025.pdf") through
RFC 6266's ``filename*`` (UTF-8, percent-encoded), which every current browser
reads. Beside it goes a plain ``filename`` for programs that read only that one,
with å and ä written as a and ö as o, as a Swede would write them without the
letters. Django's own ``content_disposition_header`` gives a non-ASCII name as
``filename*`` alone, without that fallback, so every download uses this one.
"""

import re
import unicodedata
from urllib.parse import quote

#: Swedish letters written as Swedes write them without å, ä and ö; typographic dashes and
#: quotes as their typewriter forms.
_PLAIN_LETTERS = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"}
    | dict.fromkeys("–—‐‑", "-")
    | dict.fromkeys("‘’“”„«»", "'")
)
#: Control characters, and the line and paragraph separators, never belong in a name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: RFC 8187's attr-char: what may stand unencoded in ``filename*``.
_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"


def file_name_of(*parts: str, extension: str, empty: str = "download") -> str:
    """A file name of the words of `parts`, joined by hyphens, with their letters kept.

    E.g. "Verksamhetsplan-2025-Region-Kalmar-län.docx": no spaces or punctuation
    to trip up e-mail programs and file systems, but the name still says in
    Swedish what the file is. `empty` stands in when no word is left.
    """
    text = unicodedata.normalize("NFC", " ".join(parts))
    stem = re.sub(r"[\W_]+", "-", text).strip("-")[:150].rstrip("-")
    return f"{stem or empty}.{extension}"


def file_name_cleaned(file_name: str) -> str:
    """The name as one line of text: composed letters, no control characters, no folders."""
    name = unicodedata.normalize("NFC", file_name)
    name = _CONTROL.sub("", name).replace("/", "-").replace("\\", "-")
    return name.strip() or "download"


def ascii_file_name(file_name: str) -> str:
    """The fallback name: å, ä → a, ö → o, é → e, – → -; other characters outside ASCII → "_"."""
    name = file_name_cleaned(file_name).translate(_PLAIN_LETTERS)
    letters = []
    for character in name:
        if character.isascii():
            letters.append(character)
            continue
        base = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
        letters.append(base or "_")
    # A quoted string may hold a quote only escaped; some programs mishandle even that.
    return "".join(letters).replace('"', "'")


def content_disposition(file_name: str, *, inline: bool = False) -> str:
    """The Content-Disposition value for a file named `file_name`: an attachment, or inline.

    E.g. ``attachment; filename="Verksamhetsberattelse 2025.pdf";
    filename*=UTF-8''Verksamhetsber%C3%A4ttelse%202025.pdf``.
    """
    disposition = "inline" if inline else "attachment"
    name = file_name_cleaned(file_name)
    fallback = ascii_file_name(name)
    value = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe=_ATTR_CHAR_SAFE)}"
    return value
