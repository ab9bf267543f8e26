"""``python -m cx_pillars``: the same command line as ``cx-pillars``."""

from cx_pillars.cli import main

main()
