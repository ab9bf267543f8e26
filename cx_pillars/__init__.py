"""cx-pillars: compare the team's picture of the customer with the customer's own."""

from pathlib import Path

__version__ = "0.1.0"

#: The package's data files: the message catalogues, the built-in framework, the survey
#: template texts and the rating page. Every install pip makes (a wheel, an editable
#: checkout) puts them on disk beside this file, so they are read as paths:
#: importlib.resources, made for packages inside zip archives, added ~2 ms to every
#: start (it imports zipfile and tempfile) for a case that does not arise.
DATA = Path(__file__).parent / "data"
