"""Every Python snippet of the README runs on its own and prints its result; the API
reference of the docs site lists every public name."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_the_readme_has_snippets():
    assert len(SNIPPETS) >= 5


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_readme_snippet_runs_alone_and_prints(index, tmp_path):
    pytest.importorskip("rich")  # the progress snippet's ProgressBar
    pytest.importorskip("matplotlib")
    script = tmp_path / f"snippet_{index}.py"
    script.write_text(SNIPPETS[index])
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "a README snippet must print what it shows"


def test_the_api_reference_lists_every_public_name():
    import importlib

    api = (README.parent / "docs" / "api.rst").read_text()
    for module in ("skrnn", "skrnn.preprocessing", "skrnn.datasets", "skrnn.metrics",
                   "skrnn.plotting"):
        section = api.split(f".. currentmodule:: {module}\n")[1].split("currentmodule")[0]
        listed = set(re.findall(r"^   (\w+)$", section, flags=re.M))
        assert set(importlib.import_module(module).__all__) <= listed, module
