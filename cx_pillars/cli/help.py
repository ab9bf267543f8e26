"""How ``--help`` reads: whole first sentences in the command list, options grouped
(the command's own first, then the shared ones), and examples under every command.

Typer builds the click commands; :class:`HelpGroup` is the root's class and gives every
command and group below it the same help (their classes are swapped for subclasses
that format as described here), so no command module has to ask for it. Plain text,
no Rich: ``--help`` stays fast.

:func:`reference` is the command reference ``docs/commands.md``, from the live help
(``python docs/make_reference.py`` rewrites the file); a test checks that the file is
what the help prints.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core

#: Shared options, grouped under headings after the command's own options.
SECTIONS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "Store and selection",
        frozenset({"--dir", "--team", "--since", "--until", "--all-runs", "--framework", "--by"}),
    ),
    (
        "Customer survey",
        frozenset(
            {
                "--survey",
                "--save",
                "--map",
                "--question",
                "--segment",
                "--age",
                "--birth-year",
                "--member",
                "--sheet",
                "--min-segment",
            }
        ),
    ),
    ("Output and language", frozenset({"--json", "--lang", "--quiet", "--force", "--yes"})),
)

#: Examples under each command's help, by its path after ``cx-pillars``.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "cx-pillars demo",
        "cx-pillars rate --dir /shared/cx/assessments",
        "cx-pillars team --dir /shared/cx/assessments",
        "cx-pillars survey import responses.csv --name spring",
        "cx-pillars report --survey spring --out pack.pdf",
    ),
    "pillars": ("cx-pillars pillars", "cx-pillars pillars --lang pl --json"),
    "list": ("cx-pillars list --team 'Retail CX' --since 2026-10-01",),
    "show": ("cx-pillars show 2026-11-17T151000Z-chen-wei-0be7", "cx-pillars show chen"),
    "export": (
        "cx-pillars export --out runs.csv",
        "cx-pillars export --since 2026-10-01 --out runs.json",
    ),
    "compare": (
        "cx-pillars compare --survey spring",
        "cx-pillars compare --survey responses.csv --segment Region",
        "cx-pillars compare --survey spring --json",
    ),
    "demo": ("cx-pillars demo", "cx-pillars demo --out demo-pl --lang pl"),
    "chart": (
        "cx-pillars chart gap --survey spring --out gap.png",
        "cx-pillars chart agreement --out agreement.svg",
        "cx-pillars chart scores",
    ),
    "report": (
        "cx-pillars report --survey spring --out pack.pdf",
        "cx-pillars report --survey spring --pptx pack.pptx --html pack.html",
        "cx-pillars report --out pack.pdf --markdown wiki/pack.md --lang pl",
        "cx-pillars report --survey spring --out pack.pdf --force",
    ),
    "rate": (
        "cx-pillars rate",
        "cx-pillars rate --anonymous --team 'Retail CX'",
        "cx-pillars rate --from answers.toml --yes",
        "cx-pillars rate --resume",
    ),
    "rate template": ("cx-pillars rate template --tool forms --lang pl --out questions.txt",),
    "rate form": ("cx-pillars rate form --out rate.html --team 'Retail CX'",),
    "team": (
        "cx-pillars team",
        "cx-pillars team --team 'Retail CX' --trend --all-runs",
        "cx-pillars team --by team",
        "cx-pillars team --json",
    ),
    "team import": (
        "cx-pillars team import responses.xlsx",
        "cx-pillars team import answers/*.toml",
    ),
    "survey": ("cx-pillars survey template --out survey-kit", "cx-pillars survey import x.csv"),
    "survey import": (
        "cx-pillars survey import responses.csv --name spring",
        "cx-pillars survey import export.zip --member responses.csv --age Age",
        "cx-pillars survey import forms.xlsx --sheet 'Form1' --map columns.toml",
    ),
    "survey merge": ("cx-pillars survey merge spring autumn --name year",),
    "survey template": ("cx-pillars survey template --lang pl --out ankieta",),
    "config": ("cx-pillars config", "cx-pillars config set dir /shared/cx/assessments"),
    "config set": ("cx-pillars config set lang pl", "cx-pillars config set team 'Retail CX'"),
    "config unset": ("cx-pillars config unset team",),
}

_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)


def first_sentence(text: str | None) -> str:
    """The help's first sentence, whole (click cut it at 45 characters, mid-sentence)."""
    if not text:
        return ""
    para = " ".join(text.strip().split("\n\n")[0].split())
    m = _SENTENCE.match(para)
    return m.group(1) if m else para


def _path(ctx: Any) -> str:
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


def _short_help(self: Any, limit: int = 45) -> str:
    return first_sentence(getattr(self, "short_help", None) or getattr(self, "help", ""))


def _format_options(self: Any, ctx: Any, formatter: Any) -> None:
    """The command's own options, then the shared ones under their headings."""
    arguments: list[tuple[str, str]] = []
    own: list[tuple[str, str]] = []
    shared: dict[str, list[tuple[str, str]]] = {name: [] for name, _ in SECTIONS}
    for param in self.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if getattr(param, "param_type_name", "") == "argument":
            arguments.append(record)
            continue
        opts = set(getattr(param, "opts", ()))
        section = next((name for name, names in SECTIONS if opts & names), None)
        (shared[section] if section else own).append(record)
    if arguments:
        with formatter.section("Arguments"):
            formatter.write_dl(arguments)
    if own:
        with formatter.section("Options"):
            formatter.write_dl(own)
    for name, records in shared.items():
        if records:
            with formatter.section(name):
                formatter.write_dl(records)
    if hasattr(self, "format_commands"):
        self.format_commands(ctx, formatter)


def _format_epilog(self: Any, ctx: Any, formatter: Any, *, plain: Any) -> None:
    examples = EXAMPLES.get(_path(ctx))
    if examples:
        with formatter.section("Examples"):
            for line in examples:  # as typed: never wrapped
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")
    plain(ctx, formatter)


def give_help(command: Any) -> None:
    """Give ``command`` (and every subcommand) this help: its methods, bound on the
    built object (Typer's classes do not allow a swapped class)."""
    import functools
    import types

    command.get_short_help_str = types.MethodType(_short_help, command)
    command.format_options = types.MethodType(_format_options, command)
    command.format_epilog = types.MethodType(
        functools.partial(_format_epilog, plain=command.format_epilog), command
    )
    for sub in getattr(command, "commands", {}).values():
        give_help(sub)


class HelpGroup(typer.core.TyperGroup):
    """The root group: lists commands in the order they were added, and gives itself
    and every command below it the same help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        give_help(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


def reference() -> str:
    """The command reference (docs/commands.md): every command's help, as printed."""
    from typer.testing import CliRunner

    from cx_pillars.cli import app

    runner = CliRunner()
    out = [
        "# Command reference",
        "",
        "Generated from the live help by `python docs/make_reference.py`;",
        "tests/test_help.py checks that this file is what the commands print.",
        "",
    ]

    def walk(words: list[str]) -> None:
        result = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "88"}, terminal_width=88)
        title = " ".join(["cx-pillars", *words])
        out.extend([f"## `{title}`", "", "```text", result.output.rstrip(), "```", ""])
        import typer.main

        command: Any = typer.main.get_command(app)
        for word in words:
            command = command.commands[word]
        for name in getattr(command, "commands", {}):
            walk([*words, name])

    walk([])
    return "\n".join(out)
