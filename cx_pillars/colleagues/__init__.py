"""Colleagues rate from anywhere: a form tool's questionnaire, an offline page, the import.

``cx-pillars rate`` needs a terminal; most colleagues whose view the method needs have
none. This package gives them two other ways in, and brings their answers back as the
same assessment files ``rate`` saves:

``wording``   the question titles a form is built with, in every language, and how an
              export's column header is recognised as one of them
``template``  ``rate template``: the questionnaire text, the steps for a form tool, an
              import-ready header
``page``      ``rate form``: one self-contained HTML rating page (data/form/...)
``answers``   the small TOML answers file the page downloads, read and checked
``responses`` a form export (any file ``survey import`` reads), response by response
``importing`` ``team import``: responses and answers files to assessments, each once
"""
