"""Rewrite docs/commands.md from the live help: python docs/make_reference.py"""

from pathlib import Path

from cx_pillars.cli.help import reference

if __name__ == "__main__":
    target = Path(__file__).with_name("commands.md")
    target.write_text(reference(), encoding="utf-8")
    print(f"wrote {target}")
