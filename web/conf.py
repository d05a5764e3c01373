"""Sphinx configuration of the course's static site (`make html`, built by tools/build_site.py).

The source folder is the repository root, so README links such as `notebooks/01_derivatives.ipynb`
resolve to pages as they are; only the files listed in `include_patterns` become pages. The
notebooks are shown with the outputs they were committed with (nothing is executed), math is
typeset by a MathJax copy shipped inside the `sphinx-mathjax-offline` package, and nothing is
loaded from another host (tools/site_check.py fails the build otherwise).
"""

import sys
from pathlib import Path

# the site's Sphinx extension (site_pages.py) and its rules live with the other tools
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

project = "How models learn"
author = "the course's authors"
copyright = "the course's authors, MIT licence"  # noqa: A001 (Sphinx's name)
language = "en"  # pages of the Korean edition get lang="ko" from tools/site_pages.py

root_doc = "README"
include_patterns = [
    "README.md",
    "README.ko.md",
    "notebooks/[0-9][0-9]_*.ipynb",
    "notebooks/ko/[0-9][0-9]_*.ipynb",
    "notebooks/glossary.md",
    "assets/README.md",
]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]

extensions = ["myst_nb", "site_pages"]

# MathJax 3 from the sphinx-mathjax-offline package, copied into _static/mathjax by site_pages
mathjax_path = "mathjax/tex-chtml.js"

# the committed outputs are what CI checked with nbval: show them, never re-execute
nb_execution_mode = "off"
# no widget manager or require.js from a CDN (explorers are shown by their static snapshot)
nb_ipywidgets_js = {}
nb_merge_streams = True

myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "How models learn"
html_static_path = ["_static"]
html_css_files = ["course.css"]
templates_path = ["_templates"]
html_additional_pages = {"index": "index-redirect.html"}  # index.html opens the README
html_copy_source = True  # the download button offers each page's source (.ipynb, .md)
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "article_header_start": ["toggle-primary-sidebar.html", "edition-switch.html"],
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
}
