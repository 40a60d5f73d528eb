"""Every Python snippet of the README and of the user guide runs on its own and prints
its result; the API reference of the docs site lists every public name."""
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
GUIDE = sorted((README.parent / "docs" / "user_guide").glob("*.rst"))
# ".. code-block:: python" blocks: the indented lines after the directive
GUIDE_SNIPPETS = [(page.stem, textwrap.dedent(block)) for page in GUIDE for block in
                  re.findall(r"\.\. code-block:: python\n\n((?:(?:   .*)?\n)+)",
                             page.read_text())]


def test_the_readme_has_snippets():
    assert len(SNIPPETS) >= 5


def test_the_user_guide_has_snippets_on_most_pages():
    pages = {page for page, _ in GUIDE_SNIPPETS}
    assert len(pages) >= 8 and {"scaling", "performance", "input"} <= pages


def _run_snippet(code, tmp_path):
    pytest.importorskip("rich")  # the progress snippets' ProgressBar
    pytest.importorskip("matplotlib")
    if "dask" in code:
        pytest.importorskip("distributed")
        pytest.importorskip("dask_ml")
    script = tmp_path / "snippet.py"
    script.write_text(code)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "a snippet must print what it shows"


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_readme_snippet_runs_alone_and_prints(index, tmp_path):
    _run_snippet(SNIPPETS[index], tmp_path)


@pytest.mark.parametrize("page, code", GUIDE_SNIPPETS,
                         ids=[f"{page}-{i}" for i, (page, _) in enumerate(GUIDE_SNIPPETS)])
def test_user_guide_snippet_runs_alone_and_prints(page, code, tmp_path):
    _run_snippet(code, tmp_path)


def test_the_api_reference_lists_every_public_name():
    import importlib

    api = (README.parent / "docs" / "api.rst").read_text()
    for module in ("skrnn", "skrnn.preprocessing", "skrnn.datasets", "skrnn.metrics",
                   "skrnn.plotting", "skrnn.text"):
        section = api.split(f".. currentmodule:: {module}\n")[1].split("currentmodule")[0]
        listed = set(re.findall(r"^   (\w+)$", section, flags=re.M))
        assert set(importlib.import_module(module).__all__) <= listed, module
