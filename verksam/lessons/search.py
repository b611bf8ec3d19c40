"""Swedish full-text search over the shared lessons, on PostgreSQL and on SQLite.

PostgreSQL has full-text search with a Swedish configuration: its Snowball stemmer
makes "läsfrämjandet" and "läsfrämjande" one word. SQLite has FTS5 but no Swedish
stemmer, so Verksam stems the texts itself with the same Snowball algorithm
(snowballstemmer) and keeps them in an FTS5 table, `lessons_lesson_index`, whose
row id is the lesson's; a query is stemmed the same way before it is matched.
Scanning notes and evaluations have a table of their own, `lessons_note_index`,
whose row id is the note's.
"""

import re
from functools import cache

from django.db import connection

INDEX_TABLE = "lessons_lesson_index"
NOTE_INDEX_TABLE = "lessons_note_index"
#: Each index's statements, written out so that no name is ever put into SQL by formatting.
_SQL = {
    INDEX_TABLE: {
        "delete": "DELETE FROM lessons_lesson_index WHERE rowid = %s",
        "insert": "INSERT INTO lessons_lesson_index (rowid, stems) VALUES (%s, %s)",
        "match": "SELECT rowid, -bm25(lessons_lesson_index) FROM lessons_lesson_index "
        "WHERE lessons_lesson_index MATCH %s ORDER BY bm25(lessons_lesson_index)",
    },
    NOTE_INDEX_TABLE: {
        "delete": "DELETE FROM lessons_note_index WHERE rowid = %s",
        "insert": "INSERT INTO lessons_note_index (rowid, stems) VALUES (%s, %s)",
        "match": "SELECT rowid, -bm25(lessons_note_index) FROM lessons_note_index "
        "WHERE lessons_note_index MATCH %s ORDER BY bm25(lessons_note_index)",
    },
}
#: Words of letters and digits; what is between them (punctuation, quotes) is dropped,
#: so nothing a user types can reach FTS5's query syntax.
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


def swedish_stems(text: str) -> list[str]:
    """The Swedish word stems of `text`, lower-cased, in order."""
    words = [word.lower() for word in _WORD.findall(text or "")]
    return _stemmer().stemWords(words) if words else []


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def index_lesson(lesson_id: int, stems: str, *, table: str = INDEX_TABLE) -> None:
    """Put a lesson's (or a note's) stems into SQLite's index (PostgreSQL needs no index
    of its own)."""
    if uses_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(_SQL[table]["delete"], [lesson_id])
        cursor.execute(_SQL[table]["insert"], [lesson_id, stems])


def unindex_lesson(lesson_id: int, *, table: str = INDEX_TABLE) -> None:
    if uses_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(_SQL[table]["delete"], [lesson_id])


def sqlite_matches(query: str, *, table: str = INDEX_TABLE) -> list[tuple[int, float]]:
    """(lesson or note id, rank) of the rows holding every stem of `query`, best first.

    FTS5's bm25 gives smaller numbers to better matches; it is negated so that, as
    on PostgreSQL, a higher rank is a better match.
    """
    stems = swedish_stems(query)
    if not stems:
        return []
    match = " ".join('"' + stem.replace('"', "") + '"' for stem in stems)
    with connection.cursor() as cursor:
        cursor.execute(_SQL[table]["match"], [match])
        return [(row[0], row[1]) for row in cursor.fetchall()]
