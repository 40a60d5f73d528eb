"""Sphinx configuration of skrnn's documentation site.

Build: ``pip install -e ".[docs]" && python -m sphinx -W -b html docs docs/_build/html``.
There is no network at build time, so intersphinx links to scikit-learn, numpy and pandas
are fetched only when ``SKRNN_DOCS_INTERSPHINX=1`` is set (a release build).
"""
import os

import skrnn  # noqa: F401  (autodoc imports it anyway: fail early if it is missing)

project = "skrnn"
author = "the skrnn developers"
copyright = "2026, the skrnn developers"

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc", "myst_parser",
              "sphinx_gallery.gen_gallery"]
if os.environ.get("SKRNN_DOCS_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
    }

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "derivations/*.py", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip"]

# The gallery: every example rendered, only the short ones executed (CI builds the site,
# and the full set takes minutes; `python examples/run_all.py` runs them all).
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"[\\/]quickstart\.py$",
    "ignore_pattern": r"(_common|_forecast_common|run_all)\.py$",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "show_memory": False,
    "min_reported_time": 1,
}
autosummary_generate = True
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False  # autosummary lists them
numpydoc_validation_checks = set()
# The Markdown pages link to files of the repository (benchmarks/, examples/), which
# are not pages of this site.
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]

html_theme = "pydata_sphinx_theme"
html_title = "skrnn"
html_theme_options = {"navigation_depth": 2}
