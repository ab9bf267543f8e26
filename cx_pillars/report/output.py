"""Writing the meeting pack and single charts as files: PDF, PNG and SVG rendering,
the deck and the web page, and new files only.

:func:`write_report` checks that no output exists, draws every page once (and renders
the wiki's PNGs, the deck's pictures and the web page's SVGs from those figures in a
second process while the PDF is written) in memory, and only then creates the files,
each exclusively; :func:`write_chart` does the same for one chart as PNG, SVG or PDF.
Text stays text: TrueType (Type 42) in PDFs, ``<text>`` in SVGs.

Nothing is ever overwritten, except with ``force``: then a file that exists is
replaced only when it is one this tool wrote (:func:`written_here`: the PDF's creator,
the PNG's Software text, the SVG's creator, the Markdown's and the web page's marker,
the deck's core properties, an export's header), never through a symbolic link, and
atomically: the new file is created beside it and renamed over it (:func:`place`).

No printing here; the CLI (:mod:`cx_pillars.cli.report`) says what was written.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from cx_pillars import __version__
from cx_pillars.errors import CxError
from cx_pillars.i18n import t
from cx_pillars.report.content import (
    Analysis,
    TableData,
    chart_input,
    chart_language,
    report_kinds,
    tables,
)
from cx_pillars.report.markdown import charts_folder, markdown_text
from cx_pillars.report.pages import report_pages

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cx_pillars.charts.inputs import ChartInput

#: The formats of a single chart, by its file's extension.
FORMATS = ("png", "svg", "pdf")
#: Who wrote a file, as its metadata says it (PDF creator, PNG Software, SVG creator).
SOFTWARE = f"cx-pillars {__version__}"


# --------------------------------------------------------------------------- rendering
def pdf_bytes(figs: Sequence[Figure], lang: str, title: str = "") -> bytes:
    """The figures as the pages of one PDF (fonts embedded once for the whole file)."""
    from matplotlib.backends.backend_pdf import PdfPages

    from cx_pillars.charts import style
    from cx_pillars.charts.mpl import lean_font_subsets

    buffer = io.BytesIO()
    meta = {
        "Title": title,
        "Creator": SOFTWARE,
        "CreationDate": None,
        "ModDate": None,
    }
    with lean_font_subsets(), style.styled(lang), PdfPages(buffer, metadata=meta) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return buffer.getvalue()


def figure_bytes(fig: Figure, fmt: str, lang: str) -> bytes:
    """One figure as PNG (200 dpi), SVG (text as text) or PDF (Type 42)."""
    from cx_pillars.charts import style
    from cx_pillars.charts.mpl import lean_font_subsets

    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": SOFTWARE},
        "svg": {"Date": None, "Creator": SOFTWARE},
        "pdf": {"Creator": SOFTWARE, "CreationDate": None, "ModDate": None},
    }[fmt]
    context: AbstractContextManager[object] = lean_font_subsets() if fmt == "pdf" else nullcontext()
    with context, style.styled(lang):
        fig.savefig(buffer, format=fmt, dpi=style.PNG_DPI, metadata=metadata)
    return buffer.getvalue()


@contextmanager
def _unhinted() -> Iterator[None]:
    """Measure and draw text without FreeType's hinting.

    Hinting snaps glyph outlines to a screen's pixel grid: it means nothing in a PDF,
    where it only makes laying out each of the pack's ~1,500 strings about a third
    slower. Figures measured this way are drawn this way (PDF and the wiki's PNGs).
    """
    import matplotlib as mpl

    with mpl.rc_context({"text.hinting": "no_hinting"}):
        yield


def png_bytes(fig: Figure, lang: str) -> bytes:
    """A chart as PNG for the wiki: 200 dpi, fast zlib level (lossless; ~15% larger)."""
    from cx_pillars.charts import style

    buffer = io.BytesIO()
    with style.styled(lang):
        fig.savefig(
            buffer,
            format="png",
            dpi=style.PNG_DPI,
            metadata={"Software": SOFTWARE},
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()


#: The gids of a chart page's frame (:class:`cx_pillars.charts.style.Frame`): its title,
#: subtitle and footnote, which the deck and the web page set as text of their own.
FRAME_GIDS = ("title", "subtitle", "footnote")


def unwrap(text: str) -> str:
    """Lines wrapped for a page joined again: with a space between words, without one
    after a hyphen or beside a wide (Chinese) character, where the line was broken
    between characters."""
    from cx_pillars.textwidth import cell_width

    out = ""
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        if out and not (
            out.endswith(("-", "‐")) or cell_width(out[-1]) > 1 or cell_width(line[0]) > 1
        ):
            out += " "
        out += line
    return out


def frame_texts(fig: Figure) -> dict[str, str]:
    """The title, subtitle and footnote a chart page was drawn with (:func:`unwrap`-ped)."""
    found = {gid: "" for gid in FRAME_GIDS}
    for text in fig.texts:
        gid = text.get_gid()
        if gid in found and not found[gid]:
            found[gid] = unwrap(text.get_text())
    return found


@contextmanager
def _body_only(fig: Figure) -> Iterator[object]:
    """The chart without its frame's texts, and the box (in inches) between the
    subtitle's foot and the footnote's top: what a slide or a web page shows under
    its own title. The same figure, not drawn again: only rendered cropped."""
    from matplotlib.transforms import Bbox

    from cx_pillars.charts.style import _renderer

    renderer = _renderer(fig)
    dpi = fig.dpi
    width, height = fig.get_size_inches()
    top, bottom = float(height), 0.0
    hidden = []
    for text in fig.texts:
        gid = text.get_gid()
        if gid not in FRAME_GIDS or not text.get_visible():
            continue
        if text.get_text().strip():
            box = text.get_window_extent(renderer)
            if gid == "footnote":
                bottom = max(bottom, box.y1 / dpi + 0.08)
            else:
                top = min(top, box.y0 / dpi - 0.12)
        text.set_visible(False)
        hidden.append(text)
    if top <= bottom:  # nothing sensible to crop to: the whole page
        top, bottom = float(height), 0.0
    try:
        yield Bbox([[0.0, bottom], [float(width), top]])
    finally:
        for text in hidden:
            text.set_visible(True)


def slide_png(fig: Figure, lang: str) -> bytes:
    """A chart's body as PNG for a slide (200 dpi), its title and footnote left to the
    slide's own text."""
    from cx_pillars.charts import style

    buffer = io.BytesIO()
    with style.styled(lang), _body_only(fig) as box:
        fig.savefig(
            buffer,
            format="png",
            dpi=style.PNG_DPI,
            bbox_inches=box,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()


def body_svg(fig: Figure, lang: str) -> bytes:
    """A chart's body as SVG (text as ``<text>``) for the web page, its title and
    footnote left to the page's own text."""
    from cx_pillars.charts import style

    buffer = io.BytesIO()
    none = {"Date": None, "Creator": None, "Format": None, "Type": None}
    with style.styled(lang), _body_only(fig) as box:
        fig.savefig(buffer, format="svg", bbox_inches=box, metadata=none)
    return buffer.getvalue()


class _PngJob:
    """PNGs (and the deck's pictures and the web page's SVGs) of ``figs``, shared out
    between a child process and this one; ``what`` says for each figure what to render:
    ``"wiki"`` (:func:`png_bytes`, the default), ``"slide"`` (:func:`slide_png`) or
    ``"svg"`` (:func:`body_svg`).

    Where the system can fork (Linux), a child renders them from the first on while
    this process writes the PDF; when the PDF is done, this process renders from the
    last back until the two meet, so that on two cores neither waits long for the other
    (at 60 colleagues the PNGs take longer than the PDF). Each PNG is claimed by
    creating its claim file exclusively in a private temporary folder, so none is drawn
    twice; the child already has the figures in its memory and hands back only the
    bytes, as files. The folder lies in this process's private temporary folder
    (:func:`cx_pillars.store.scratch_acquire`), removed with the child stopped however
    the report ends, killed by SIGTERM, SIGHUP or Ctrl-C included. Anywhere else, or
    for any PNG the child did not finish (it failed or was stopped), they are rendered
    here.
    """

    def __init__(
        self, figs: Sequence[Figure], lang: str, what: Sequence[str] | None = None
    ) -> None:
        import sys
        import tempfile

        from cx_pillars import store

        self.figs, self.lang = list(figs), lang
        self.what = list(what) if what is not None else ["wiki"] * len(self.figs)
        self.pid: int | None = None  # the child's, while it runs
        self.folder: str | None = None  # where PNGs are claimed and handed over
        if not self.figs or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return
        try:  # inside this process's private folder, removed however the run ends
            scratch = store.scratch_acquire()
        except OSError:  # no room for the hand-over: render them all here
            return
        try:
            self.folder = tempfile.mkdtemp(prefix="png-", dir=scratch)
        except BaseException:
            store.scratch_release()
            raise
        try:
            with store.signals_held():  # the pid is noted before any handler runs
                self.pid = store.fork_helper()
        except OSError:
            self._forget()
            return
        except BaseException:
            self.abandon()
            raise
        if self.pid == 0:  # the child: render from the first until one is taken, leave
            code = 1
            try:
                for k in range(len(self.figs)):
                    if not self._claim(k):
                        break
                    self._hand_over(k, self._render(k))
                code = 0
            finally:
                os._exit(code)

    def _path(self, k: int, suffix: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, f"{k}.{suffix}")

    def _claim(self, k: int) -> bool:
        """Whether this process takes PNG ``k`` (the other has not)."""
        try:
            os.close(os.open(self._path(k, "claim"), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        return True

    def _hand_over(self, k: int, data: bytes) -> None:
        """The child's PNG ``k`` as a file, complete or not there at all."""
        from cx_pillars import store

        store.write_new(Path(self._path(k, "png")), data, private=True, durable=False)

    def _render(self, k: int) -> bytes:
        render = {"wiki": png_bytes, "slide": slide_png, "svg": body_svg}[self.what[k]]
        with _unhinted():
            return render(self.figs[k], self.lang)

    def _forget(self) -> None:
        import shutil

        from cx_pillars import store

        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
            store.scratch_release()
        self.pid = None

    def result(self) -> list[bytes]:
        """Every PNG, in order: this process renders from the last back the ones the
        child has not taken, then collects the child's."""
        from cx_pillars import store

        if self.folder is None:
            return [self._render(k) for k in range(len(self.figs))]
        try:
            here: dict[int, bytes] = {}
            for k in reversed(range(len(self.figs))):
                if not self._claim(k):
                    break
                here[k] = self._render(k)
            if self.pid is not None:
                store.reap(self.pid)
                self.pid = None
            pngs = []
            for k in range(len(self.figs)):
                if k not in here:
                    try:
                        with open(self._path(k, "png"), "rb") as fh:
                            here[k] = fh.read()
                    except FileNotFoundError:  # the child stopped before it
                        here[k] = self._render(k)
                pngs.append(here[k])
        except BaseException:
            self.abandon()
            raise
        self._forget()
        return pngs

    def abandon(self) -> None:
        """Stop the child (the report failed or was interrupted) and clean up."""
        from cx_pillars import store

        if self.pid is not None:
            store.reap(self.pid, kill=True)
        self._forget()


# --------------------------------------------------------------------------- whose file

#: How much of a file's start (and end) is read to tell whether this tool wrote it.
_PEEK = 64 * 1024
#: The largest export or deck read whole to tell the same.
_READ_MAX = 64 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
#: The header an export's CSV starts with (cx_pillars.exporting.rows), with any of the
#: delimiters a spreadsheet's locale may want.
_EXPORT_CSV = re.compile(rb"id([,;\t])created\1respondent\1team\1role\1total\1max_total")
_BOM = b"\xef\xbb\xbf"
#: The line that ends the wiki page: how --force knows the Markdown is this tool's.
MARKDOWN_MARKER = f"<!-- written by {SOFTWARE}; cx-pillars report --force may replace it -->"
#: The web page's generator, in its <head>.
HTML_GENERATOR = f'<meta name="generator" content="{SOFTWARE}">'
#: Who last saved a deck this tool wrote (its core properties): PowerPoint puts the
#: user's name there on saving, so a deck edited since is never replaced.
DECK_AUTHOR = "cx-pillars"


def _kind(data: bytes) -> str:
    """What kind of output ``data`` is: pdf, png, svg, html, pptx, csv, json or markdown."""
    start = data[:1024].lstrip(_BOM)
    if start.startswith(b"%PDF"):
        return "pdf"
    if start.startswith(_PNG):
        return "png"
    if start.startswith(b"<?xml") and b"<svg" in start:
        return "svg"
    if start.lower().startswith(b"<!doctype html"):
        return "html"
    if start.startswith(b"PK\x03\x04"):
        return "pptx"
    if _EXPORT_CSV.match(start):
        return "csv"
    if start.lstrip().startswith(b"["):
        return "json"
    return "markdown"


def _read_all(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _open_plain(path: Path) -> tuple[int, os.stat_result] | None:
    """A read-only descriptor of the regular file at ``path`` (never through a symbolic
    link, never blocking on a pipe), or None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode):
            return None
        fd = os.open(path, flags)
    except OSError:
        return None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        return None
    return fd, st


def _deck_author(fd: int, size: int) -> str | None:
    """lastModifiedBy of the deck open at ``fd`` (its docProps/core.xml), or None."""
    import zipfile

    if size > _READ_MAX:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(_read_all(fd, _READ_MAX))) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > _PEEK:
                return None
            core = z.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return None
    found = re.search(r"<cp:lastModifiedBy>([^<]*)</cp:lastModifiedBy>", core)
    return found.group(1) if found else None


def _json_export(text: bytes) -> bool:
    import json

    try:
        doc = json.loads(text)
    except ValueError:
        return False
    keys = {"id", "created", "respondent", "ratings", "ranking", "total"}
    return isinstance(doc, list) and all(isinstance(x, dict) and keys <= set(x) for x in doc)


def written_here(path: Path, kind: str) -> bool:
    """Whether ``path`` is a plain file of ``kind`` (see :func:`_kind`) that this tool
    wrote, as the file itself says: a PDF whose creator, a PNG whose Software text, an
    SVG whose creator is cx-pillars; a web page with its generator, a Markdown page
    ending in its marker; a deck last saved by cx-pillars; an export's CSV header or
    JSON assessments. A symbolic link, an assessment, a survey summary or anything
    else is not."""
    opened = _open_plain(path)
    if opened is None:
        return False
    fd, st = opened
    try:
        if kind == "pptx":
            return _deck_author(fd, st.st_size) == DECK_AUTHOR
        if kind == "json":
            return st.st_size <= _READ_MAX and _json_export(_read_all(fd, _READ_MAX))
        head = _read_all(fd, _PEEK)
        tail = b""
        if st.st_size > _PEEK:
            os.lseek(fd, max(_PEEK, st.st_size - _PEEK), os.SEEK_SET)
            tail = _read_all(fd, _PEEK)
    except OSError:
        return False
    finally:
        os.close(fd)
    whole_end = (head + tail)[-_PEEK:]
    software = SOFTWARE.split()[0].encode()  # any version of the tool
    if kind == "pdf":
        return head.startswith(b"%PDF") and b"/Creator (" + software + b" " in head + tail
    if kind == "png":
        return head.startswith(_PNG) and b"tEXtSoftware\x00" + software + b" " in head
    if kind == "svg":
        return b"<svg" in head and b"<dc:title>" + software + b" " in head
    if kind == "html":
        return b'<meta name="generator" content="' + software + b" " in head[:4096]
    if kind == "csv":
        return _EXPORT_CSV.match(head.lstrip(_BOM)) is not None
    if kind == "markdown":
        last = whole_end.rstrip().rsplit(b"\n", 1)[-1]
        return last.startswith(b"<!-- written by " + software + b" ") and last.endswith(b"-->")
    return False


def kind_for(path: Path) -> str:
    """The kind of output a name asks for, by its extension (:func:`_kind`'s kinds)."""
    ext = path.suffix.lower().lstrip(".")
    if ext in ("pdf", "png", "svg", "pptx", "csv", "json"):
        return ext
    if ext in ("html", "htm"):
        return "html"
    return "markdown"


def _refuse_existing(path: Path, st: os.stat_result, kind: str, force: bool, lang: str) -> None:
    """Raise unless ``force`` and the existing ``path`` is this tool's ``kind`` of file;
    the message says what would work: --force, or a new name."""
    if stat.S_ISLNK(st.st_mode):
        raise CxError(t("outputs.link", lang), path=path)
    ours = written_here(path, kind)
    if not ours:
        raise CxError(t("outputs.not_ours", lang), path=path)
    if not force:
        raise CxError(t("outputs.exists", lang), path=path)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:  # a name that cannot be looked at: the write says what is wrong
        return None


# --------------------------------------------------------------------------- writing


def check_free(
    paths: Sequence[Path],
    lang: str,
    force: bool = False,
    kinds: Sequence[str] | None = None,
) -> None:
    """Raise (nothing written) if any of ``paths`` exists, unless ``force`` and it is a
    file this tool wrote of the kind its name asks for (or ``kinds`` says)."""
    for k, path in enumerate(paths):
        st = _lstat(path)
        if st is not None:
            kind = kinds[k] if kinds is not None else kind_for(path)
            _refuse_existing(path, st, kind, force, lang)


def check_distinct(paths: Sequence[Path], lang: str) -> None:
    """Raise a usage error (nothing written) if two of ``paths`` are one file: the same
    name given twice, or two names that resolve to one (``./r.pdf``, ``sub/../r.pdf``,
    a folder reached through a symlink)."""
    from cx_pillars.errors import UsageError

    seen: dict[Path, Path] = {}
    for path in paths:
        try:
            key = path.parent.resolve() / path.name
        except (OSError, RuntimeError):  # a looping link: the write says what is wrong
            key = path.absolute()
        if key in seen:
            raise UsageError(t("files.same_output", lang), path=path)
        seen[key] = path


def place(files: Sequence[tuple[Path, bytes]], lang: str, force: bool = False) -> list[Path]:
    """Write every file: a new name is created exclusively (:func:`cx_pillars.store.
    write_new`); a name that exists is replaced only with ``force`` and only when it is
    this tool's file of the same kind (:func:`written_here`), by a new file created
    beside it and renamed over it (``os.replace``: the name, never a link's target,
    and whole or not at all). Every check comes before anything is written; on failure
    the files this call created are removed, and only while they are still its own."""
    from cx_pillars import store

    check_distinct([path for path, _ in files], lang)
    replacing: dict[int, os.stat_result] = {}
    for k, (path, data) in enumerate(files):
        st = _lstat(path)
        if st is not None:
            _refuse_existing(path, st, _kind(data), force, lang)
            replacing[k] = st
    done: list[tuple[Path, os.stat_result]] = []
    staged: list[tuple[int, Path, os.stat_result]] = []
    try:
        for k, (path, data) in enumerate(files):
            if k in replacing:
                import secrets

                tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
                staged.append((k, tmp, store.write_new(tmp, data)))
                continue
            try:
                made = store.write_new(path, data)
            except FileExistsError:
                raise CxError(t("outputs.exists", lang), path=path) from None
            done.append((path, made))
        for k, tmp, _ in staged:
            path, old = files[k][0], replacing[k]
            now = _lstat(path)
            same = now is not None and (now.st_dev, now.st_ino, now.st_mtime_ns) == (
                old.st_dev,
                old.st_ino,
                old.st_mtime_ns,
            )
            if not same or not stat.S_ISREG(old.st_mode):
                raise CxError(t("outputs.changed", lang), path=path)
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise CxError(exc.strerror or str(exc), path=path) from None
    except BaseException:
        for path, made in done:
            store.remove_own(path, made)
        for _, tmp, made in staged:
            store.remove_own(tmp, made)
        raise
    return [path for path, _ in files]


def _write_all(files: Sequence[tuple[Path, bytes]], lang: str, force: bool = False) -> list[Path]:
    return place(files, lang, force)


def page_paths(path: Path, n: int) -> list[Path]:
    """The files of a chart drawn on ``n`` pages as PNG or SVG: ``gap.png``, then
    ``gap-2.png``, ``gap-3.png`` ... beside it."""
    return [path] + [path.with_name(f"{path.stem}-{k}{path.suffix}") for k in range(2, n + 1)]


def write_chart(
    kind: str, data: ChartInput, path: Path, lang: str, force: bool = False
) -> list[Path]:
    """Chart ``kind`` as new files; the format is the extension (.png, .svg, .pdf).

    A chart whose rows do not fit one 16:9 page is drawn on several: one PDF holds them
    all; PNG and SVG give one file per page (:func:`page_paths`). With ``force``, files
    of this tool's at those names are replaced (:func:`place`)."""
    from cx_pillars import charts

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unsupported chart format {fmt!r}")
    check_free([path], lang, force)
    figs = charts.build_pages(kind, data, lang)
    try:
        if fmt == "pdf":
            files = [(path, pdf_bytes(figs, lang))]
        else:
            paths = page_paths(path, len(figs))
            check_free(paths[1:], lang, force)
            files = [(p, figure_bytes(f, fmt, lang)) for p, f in zip(paths, figs, strict=True)]
    finally:
        for fig in figs:
            fig.clear()
    return place(files, lang, force)


@dataclass
class Written:
    """What :func:`write_report` wrote: the PDF and its page count, the Markdown and
    its chart images, the deck and its slide count, the web page."""

    pdf: Path | None
    pages: int
    markdown: Path | None = None
    images: list[Path] = field(default_factory=list)
    pptx: Path | None = None
    slides: int = 0
    html: Path | None = None


def write_report(
    a: Analysis,
    pdf: Path | None,
    markdown: Path | None = None,
    *,
    pptx: Path | None = None,
    html: Path | None = None,
    force: bool = False,
) -> Written:
    """Write the meeting pack: the PDF, and on request its Markdown with PNG charts
    beside it, the deck (:mod:`cx_pillars.report.pptx`) and the web page
    (:mod:`cx_pillars.report.html`), all from one drawing of the pages.

    ``a`` is in the reader's language; the pages and the images are drawn in
    :func:`chart_language` of it (English when Chinese has no font). Every target is
    checked before anything is drawn, and nothing is overwritten (with ``force``, only
    a file this tool wrote is replaced: :func:`place`).
    """
    chart_lang, _ = chart_language(a.lang)
    drawn = a.in_language(chart_lang)
    kinds = report_kinds(drawn)
    folder = charts_folder(markdown) if markdown is not None else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise CxError(t("report.error.not_folder", a.lang), path=folder)
    # A chart's first image is <kind>.png; checked before anything is drawn. Its further
    # pages (a chart split over pages), known once drawn, are checked before writing.
    outputs = [p for p in (pdf, markdown, pptx, html) if p is not None]
    out_kinds = [k for p, k in zip((pdf, markdown, pptx, html), KIND_OF_OUTPUT) if p is not None]
    check_distinct(outputs + ([folder / f"{k}.png" for k in kinds] if folder else []), a.lang)
    check_free(outputs, a.lang, force, out_kinds)
    if folder is not None:
        check_free([folder / f"{k}.png" for k in kinds], a.lang, force)

    with _unhinted():
        named = report_pages(drawn)
    figs = [fig for _, fig in named]  # scrubbed of glyphs no font has (report_pages)
    chart_figs = [(kind, fig) for kind, fig in named if kind in kinds]
    images: dict[str, list[Path]] = {}
    if folder is not None:
        for kind in kinds:
            n = sum(1 for k, _ in chart_figs if k == kind)
            images[kind] = page_paths(folder / f"{kind}.png", n)
        check_free([p for paths in images.values() for p in paths], a.lang, force)
    # The wiki's PNGs, the deck's pictures and the page's SVGs are rendered from the
    # same figures in a second process while this one writes the PDF (two cores).
    jobs: list[tuple[str, Figure]] = []
    for what, wanted in (("wiki", markdown), ("slide", pptx), ("svg", html)):
        if wanted is not None:
            jobs += [(what, fig) for _, fig in chart_figs]
    renders = _PngJob([f for _, f in jobs], chart_lang, [w for w, _ in jobs]) if jobs else None
    files: list[tuple[Path, bytes]] = []
    tabs = tables(drawn)
    pages = format_pages(named, kinds, tabs) if pptx is not None or html is not None else []
    try:
        title = t("report.markdown_title", chart_lang, team=drawn.team_name)
        if pdf is not None:
            with _unhinted():
                files.append((pdf, pdf_bytes(figs, chart_lang, title)))
        draft = None
        if pptx is not None:  # every slide but the pictures, while they are rendered
            from cx_pillars.report.pptx import start_deck

            draft = start_deck(drawn, pages, tabs, author=DECK_AUTHOR, software=SOFTWARE)
        rendered = renders.result() if renders is not None else []
    except BaseException:
        if renders is not None:
            renders.abandon()
        raise
    by_what: dict[str, list[bytes]] = {"wiki": [], "slide": [], "svg": []}
    for (what, _), data in zip(jobs, rendered, strict=True):
        by_what[what].append(data)
    if markdown is not None and folder is not None:
        image_paths = [p for paths in images.values() for p in paths]
        files += list(zip(image_paths, by_what["wiki"], strict=True))
        links = {k: [quote(f"{folder.name}/{p.name}") for p in ps] for k, ps in images.items()}
        text_inputs = {k: chart_input(a, k) for k in kinds}
        text = markdown_text(a, links, text_inputs) + "\n" + MARKDOWN_MARKER + "\n"
        files.append((markdown, text.encode("utf-8")))
    slides = 0
    if pptx is not None and draft is not None:
        deck, slides = draft.finish(by_what["slide"])
        files.append((pptx, deck))
    if html is not None:
        from cx_pillars.report.html import html_text

        page = html_text(drawn, pages, by_what["svg"], tabs, generator=HTML_GENERATOR)
        files.append((html, page.encode("utf-8")))
    for fig in figs:
        fig.clear()
    written = place(files, a.lang, force)
    return Written(
        pdf=pdf,
        pages=len(figs),
        markdown=markdown,
        images=[p for p in written if p.suffix == ".png" and folder is not None],
        pptx=pptx,
        slides=slides,
        html=html,
    )


#: The kind of file each of write_report's outputs is: pdf, markdown, pptx, html.
KIND_OF_OUTPUT = ("pdf", "markdown", "pptx", "html")


@dataclass
class FormatPage:
    """One page of the report as the deck and the web page lay it out: ``kind`` is
    'title', 'summary', a chart kind or 'table'. A chart page has the texts of its
    frame (:func:`frame_texts`) and its index among the chart pages (``chart``: the
    picture rendered for it); a table page its table's index and the rows the PDF's
    page shows (``start``, ``count``), ``continued`` after the table's first page."""

    kind: str
    title: str = ""
    subtitle: str = ""
    footnote: str = ""
    chart: int = -1
    table: int = -1
    start: int = 0
    count: int = 0
    continued: bool = False


def format_pages(
    named: Sequence[tuple[str, Figure]], kinds: Sequence[str], tabs: Sequence[TableData]
) -> list[FormatPage]:
    """The report's pages (:func:`cx_pillars.report.pages.report_pages`) for the deck
    and the web page, in the same order; the rows each table page shows are counted
    from the cells the PDF's page drew, so a table splits over slides as in the PDF."""
    out: list[FormatPage] = []
    charts_seen = 0
    table, start = 0, 0
    for kind, fig in named:
        if kind in kinds:
            texts = frame_texts(fig)
            out.append(
                FormatPage(
                    kind,
                    title=texts["title"],
                    subtitle=texts["subtitle"],
                    footnote=texts["footnote"],
                    chart=charts_seen,
                )
            )
            charts_seen += 1
        elif kind == "table" and table < len(tabs):
            cells = sum(1 for x in fig.texts if x.get_gid() == "table-cell")
            count = cells // max(1, len(tabs[table].headers))
            out.append(
                FormatPage("table", table=table, start=start, count=count, continued=start > 0)
            )
            start += count
            if start >= len(tabs[table].rows):
                table, start = table + 1, 0
        else:
            out.append(FormatPage(kind))
    return out
