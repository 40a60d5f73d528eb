"""`import skrnn` loads nothing heavy; its names and public modules load on first use."""
import subprocess
import sys
import textwrap

import pytest

import skrnn


def _run(code):
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_import_skrnn_loads_neither_sklearn_nor_pandas_nor_numba():
    loaded = _run("""
        import sys
        import skrnn
        print(*[m for m in ("sklearn", "pandas", "numba", "scipy") if m in sys.modules])
        from skrnn import RNNClassifier
        print("after", *[m for m in ("sklearn", "numba") if m in sys.modules])
    """)
    assert loaded == ["after", "sklearn", "numba"]


def test_star_import_and_dir_list_every_public_name_before_any_is_loaded():
    out = _run("""
        import sys
        import skrnn
        listed = dir(skrnn)
        namespace = {}
        exec("from skrnn import *", namespace)
        names = sorted(k for k in namespace if not k.startswith("__"))
        print(",".join(names))
        print(all(callable(namespace[k]) for k in names),
              all(namespace[k].__module__.startswith("skrnn._") for k in names))
        print(",".join(m for m in ("datasets", "text", "RNNForecaster") if m in listed))
    """)
    assert out[0].split(",") == sorted(["EchoStateEncoder", "RNNClassifier", "RNNEncoder",
                                        "RNNForecaster", "RNNLanguageModel",
                                        "RNNRegressor", "load", "precompile", "save"])
    assert out[1:3] == ["True", "True"]
    assert out[3] == "datasets,text,RNNForecaster"


def test_public_modules_load_as_attributes():
    out = _run("""
        import skrnn
        print(skrnn.datasets.load_gunpoint.__name__, skrnn.preprocessing.__name__,
              skrnn.text.Tokenizer.__name__)
    """)
    assert out == ["load_gunpoint", "skrnn.preprocessing", "Tokenizer"]


def test_a_missing_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'skrnn' has no attribute 'RNNClasifier'"):
        skrnn.RNNClasifier  # noqa: B018
    with pytest.raises(ImportError, match="cannot import name 'RNNClasifier'"):
        from skrnn import RNNClasifier  # noqa: F401
