"""Writing the meeting pack and single charts as files: PDF and PNG rendering, and
new files only (nothing is ever overwritten).

:func:`write_report` checks that no output exists, draws every page (and, for the
wiki, the chart PNGs in a second process while the PDF is written) in memory, and
only then creates the files, each exclusively; :func:`write_chart` does the same for
one chart as PNG, SVG or PDF. Text stays text: TrueType (Type 42) in PDFs.

No printing here; the CLI (:mod:`cx_pillars.cli.report`) says what was written.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from cx_pillars import __version__
from cx_pillars.errors import CxError
from cx_pillars.i18n import t
from cx_pillars.report.content import Analysis, chart_input, chart_language, report_kinds
from cx_pillars.report.markdown import charts_folder, markdown_text
from cx_pillars.report.pages import report_pages

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cx_pillars.charts.inputs import ChartInput

#: The formats of a single chart, by its file's extension.
FORMATS = ("png", "svg", "pdf")


# --------------------------------------------------------------------------- rendering
def pdf_bytes(figs: Sequence[Figure], lang: str, title: str = "") -> bytes:
    """The figures as the pages of one PDF (fonts embedded once for the whole file)."""
    from matplotlib.backends.backend_pdf import PdfPages

    from cx_pillars.charts import style
    from cx_pillars.charts.mpl import lean_font_subsets

    buffer = io.BytesIO()
    meta = {
        "Title": title,
        "Creator": f"cx-pillars {__version__}",
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
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
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
            metadata={"Software": None},
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()


class _PngJob:
    """PNGs of ``figs``, shared out between a child process and this one.

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

    def __init__(self, figs: Sequence[Figure], lang: str) -> None:
        import sys
        import tempfile

        from cx_pillars import store

        self.figs, self.lang = list(figs), lang
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
        with _unhinted():
            return png_bytes(self.figs[k], self.lang)

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


# --------------------------------------------------------------------------- writing


def check_free(paths: Sequence[Path], lang: str) -> None:
    """Raise (nothing written) if any of ``paths`` exists."""
    for path in paths:
        if path.exists() or path.is_symlink():
            raise CxError(t("report.error.exists", lang), path=path)


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


def _write_all(files: Sequence[tuple[Path, bytes]], lang: str) -> list[Path]:
    """Create every file exclusively (permissions set on the open file, by
    :func:`cx_pillars.store.write_new`); on failure remove the ones this call created,
    and only while they are still the files it created."""
    from cx_pillars import store

    check_distinct([path for path, _ in files], lang)
    done: list[tuple[Path, os.stat_result]] = []
    try:
        for path, data in files:
            try:
                made = store.write_new(path, data)
            except FileExistsError:
                raise CxError(t("report.error.exists", lang), path=path) from None
            done.append((path, made))
    except BaseException:
        for path, made in done:
            store.remove_own(path, made)
        raise
    return [path for path, _ in done]


def page_paths(path: Path, n: int) -> list[Path]:
    """The files of a chart drawn on ``n`` pages as PNG or SVG: ``gap.png``, then
    ``gap-2.png``, ``gap-3.png`` ... beside it."""
    return [path] + [path.with_name(f"{path.stem}-{k}{path.suffix}") for k in range(2, n + 1)]


def write_chart(kind: str, data: ChartInput, path: Path, lang: str) -> list[Path]:
    """Chart ``kind`` as new files; the format is the extension (.png, .svg, .pdf).

    A chart whose rows do not fit one 16:9 page is drawn on several: one PDF holds them
    all; PNG and SVG give one file per page (:func:`page_paths`)."""
    from cx_pillars import charts

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unsupported chart format {fmt!r}")
    check_free([path], lang)
    figs = charts.build_pages(kind, data, lang)
    try:
        if fmt == "pdf":
            files = [(path, pdf_bytes(figs, lang))]
        else:
            paths = page_paths(path, len(figs))
            check_free(paths[1:], lang)
            files = [(p, figure_bytes(f, fmt, lang)) for p, f in zip(paths, figs, strict=True)]
    finally:
        for fig in figs:
            fig.clear()
    return _write_all(files, lang)


@dataclass
class Written:
    """What :func:`write_report` wrote: the PDF and its page count, the Markdown and
    its chart images."""

    pdf: Path
    pages: int
    markdown: Path | None = None
    images: list[Path] = field(default_factory=list)


def write_report(a: Analysis, pdf: Path, markdown: Path | None = None) -> Written:
    """Write the meeting pack (and its Markdown with PNG charts beside it).

    ``a`` is in the reader's language; the PDF and the images are drawn in
    :func:`chart_language` of it (English when Chinese has no font). Every target is
    checked before anything is drawn, and nothing is ever overwritten.
    """
    chart_lang, _ = chart_language(a.lang)
    drawn = a.in_language(chart_lang)
    kinds = report_kinds(drawn)
    folder = charts_folder(markdown) if markdown is not None else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise CxError(t("report.error.not_folder", a.lang), path=folder)
    # A chart's first image is <kind>.png; checked before anything is drawn. Its further
    # pages (a chart split over pages), known once drawn, are checked before writing.
    outputs = [pdf, *([markdown] if markdown else [])]
    check_distinct(outputs + ([folder / f"{k}.png" for k in kinds] if folder else []), a.lang)
    check_free(outputs, a.lang)
    if folder is not None:
        check_free([folder / f"{k}.png" for k in kinds], a.lang)

    with _unhinted():
        named = report_pages(drawn)
    figs = [fig for _, fig in named]  # scrubbed of glyphs no font has (report_pages)
    chart_figs = [(kind, fig) for kind, fig in named if kind in kinds]
    images: dict[str, list[Path]] = {}
    if folder is not None:
        for kind in kinds:
            n = sum(1 for k, _ in chart_figs if k == kind)
            images[kind] = page_paths(folder / f"{kind}.png", n)
        check_free([p for paths in images.values() for p in paths], a.lang)
    # The PNGs for the wiki are drawn in a second process while this one writes the
    # PDF (two cores: the Markdown costs little more than the PDF alone).
    pngs = _PngJob([f for _, f in chart_figs], chart_lang) if markdown is not None else None
    try:
        title = t("report.markdown_title", chart_lang, team=drawn.team_name)
        with _unhinted():
            files = [(pdf, pdf_bytes(figs, chart_lang, title))]
        if pngs is not None:
            image_paths = [p for paths in images.values() for p in paths]
            files += list(zip(image_paths, pngs.result(), strict=True))
    except BaseException:
        if pngs is not None:
            pngs.abandon()
        raise
    pages = len(figs)
    if markdown is not None and folder is not None:
        links = {k: [quote(f"{folder.name}/{p.name}") for p in ps] for k, ps in images.items()}
        text_inputs = {k: chart_input(a, k) for k in kinds}
        files.append((markdown, markdown_text(a, links, text_inputs).encode("utf-8")))
    for fig in figs:
        fig.clear()
    written = _write_all(files, a.lang)
    return Written(
        pdf=written[0],
        pages=pages,
        markdown=markdown,
        images=[p for p in written if p.suffix == ".png"],
    )
