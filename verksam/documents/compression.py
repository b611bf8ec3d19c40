"""The PDF's streams compressed at zlib's default level instead of its highest.

pydyf, which writes WeasyPrint's PDF, compresses every stream, the pages' drawing
and the object stream that holds a tagged PDF's structure, at zlib's level 9.
On the long runs of similar drawing commands a report is made of, level 9 takes
much longer than zlib's default level, 6, to save very little: for an annual
report of a hundred pages, a fifth of the time its PDF took to write, for a file
2.6 % smaller. `install` has pydyf compress at the default level; the PDF says
the same, since any level decompresses to the same bytes.

pydyf 0.11 to 0.13 compress through ``zlib.compressobj(level=9)``, called on
the module ``pydyf`` imported; `install` gives pydyf a `DefaultLevelZlib` in its
place, which is zlib in everything but the level.
"""

from __future__ import annotations

import zlib

from verksam.core.once import Once


class DefaultLevelZlib:
    """The zlib module, except that `compressobj` always compresses at the default level."""

    def __getattr__(self, name: str):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *arguments, **options):
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *arguments, **options)


def _install() -> None:
    """Have pydyf compress at zlib's default level from now on, in this process."""
    import pydyf

    pydyf.zlib = DefaultLevelZlib()


install = Once(_install)
