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


@pytest.mark.parametrize("name", skrnn.__all__)
def test_every_public_name_resolves_and_is_listed(name):
    assert callable(getattr(skrnn, name))
    assert name in dir(skrnn)


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
