"""Every private or version-dependent use of matplotlib (and of the fontTools subsetter
it embeds fonts with), in one place.

Supported: matplotlib 3.8 through 3.11 (tested on 3.8.0 and 3.11.2), fontTools 4.x.

* :data:`LoadFlags` — FreeType load flags for ``FT2Font.load_char``. matplotlib 3.10
  made them the enum ``matplotlib.ft2font.LoadFlags``; before that they were the module
  constants ``LOAD_NO_HINTING`` and so on. Older matplotlib gets a stand-in class with
  the same attribute names holding those constants.
* :func:`rewrite_embedded_fonts` — lets a caller change each font subset matplotlib
  embeds in a PDF or PostScript file. matplotlib has no public hook for this: the one
  place every subset passes through is ``matplotlib.backends._backend_pdf_ps
  .font_as_file`` (3.10 and later). Where that is missing, ``get_glyphs_subset`` is
  wrapped instead: it returns the subset saved to a ``BytesIO`` (3.8, 3.9), which is
  read, changed and saved again. Where neither is there, the context manager yields
  False and changes nothing; the font is embedded as matplotlib makes it.
* :func:`lean_font_subsets` — embeds fonts without their OpenType layout tables, by
  adding them to fontTools' private ``subset.Options._drop_tables_default``. Without
  that attribute it does nothing (the PDF is the same, only slower to write).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from types import ModuleType
from typing import Any

from matplotlib import ft2font

__all__ = ["NO_HINTING", "LoadFlags", "lean_font_subsets", "rewrite_embedded_fonts"]

LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern")


def _load_flags(module: ModuleType) -> Any:
    """``module.LoadFlags`` (matplotlib >= 3.10), else a stand-in with its names."""
    flags = getattr(module, "LoadFlags", None)
    if flags is not None:
        return flags
    names = {
        name.removeprefix("LOAD_"): getattr(module, name)
        for name in dir(module)
        if name.startswith("LOAD_")
    }
    return type("LoadFlags", (), names)


LoadFlags: Any = _load_flags(ft2font)
NO_HINTING: Any = LoadFlags.NO_HINTING


def _is_ttfont(obj: object) -> bool:
    return hasattr(obj, "getGlyphOrder") and hasattr(obj, "save")


@contextmanager
def _patched(module: Any, name: str, replacement: Any) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


@contextmanager
def rewrite_embedded_fonts(change: Callable[[Any], None], shared: Any = None) -> Iterator[bool]:
    """While active, ``change(font)`` runs on every fontTools font subset matplotlib is
    about to embed in a PDF or PS file (it may change the font in place).

    Yields True when hooked in, False when this matplotlib has no place to do so.
    ``shared`` is ``matplotlib.backends._backend_pdf_ps`` (a parameter for the tests).
    """
    if shared is None:
        try:
            from matplotlib.backends import _backend_pdf_ps
        except ImportError:
            yield False
            return
        shared = _backend_pdf_ps
    font_as_file = getattr(shared, "font_as_file", None)
    get_glyphs_subset = getattr(shared, "get_glyphs_subset", None)
    if font_as_file is not None:  # matplotlib >= 3.10

        def as_file(font: Any) -> Any:
            change(font)
            return font_as_file(font)

        with _patched(shared, "font_as_file", as_file):
            yield True
    elif get_glyphs_subset is not None:  # older: returns the font, or it saved to a file

        def subset(*args: Any, **kwargs: Any) -> Any:
            result = get_glyphs_subset(*args, **kwargs)
            if _is_ttfont(result):
                change(result)
            elif hasattr(result, "getvalue"):  # matplotlib 3.8: a BytesIO
                from fontTools.ttLib import TTFont

                # As matplotlib saved it: the timestamp kept (not now), so the same
                # figure saved twice gives the same bytes.
                font = TTFont(BytesIO(result.getvalue()), recalcTimestamp=False)
                change(font)
                result = BytesIO()
                font.save(result, reorderTables=False)
                result.seek(0)
            return result

        with _patched(shared, "get_glyphs_subset", subset):
            yield True
    else:
        yield False


@contextmanager
def lean_font_subsets(options: Any = None) -> Iterator[bool]:
    """Embed fonts without their OpenType layout tables (GSUB, GPOS, GDEF...).

    matplotlib places every glyph itself, so a PDF viewer never reads them; subsetting
    them is most of the time it takes to embed DejaVu Sans. Yields whether the tables
    are dropped. ``options`` is ``fontTools.subset.Options`` (a parameter for the tests).
    """
    if options is None:
        try:
            from fontTools.subset import Options
        except ImportError:
            yield False
            return
        options = Options
    original = getattr(options, "_drop_tables_default", None)
    if not isinstance(original, list):
        yield False
        return
    with _patched(options, "_drop_tables_default", [*original, *LAYOUT_TABLES]):
        yield True
