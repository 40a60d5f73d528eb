"""`skrnn.precompile` and the first-compile notice, each in a fresh process."""
import os
import subprocess
import sys
import textwrap

import pytest

import skrnn
from skrnn._jit import COMPILE_NOTICE


def _run(code, **env):
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                            capture_output=True, text=True, env={**os.environ, **env},
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def test_the_first_compile_is_announced_once_and_a_cached_run_says_nothing(tmp_path):
    code = """
        import numpy as np
        from skrnn._kernels._blas import column_sums
        from skrnn._kernels._common import add_rows
        column_sums(np.ones((2, 3)))
        add_rows(np.zeros((2, 2)), np.ones((3, 2)), 0, 2)
    """
    cache = str(tmp_path / "numba_cache")
    first = _run(code, NUMBA_CACHE_DIR=cache)
    assert first.stderr.count(COMPILE_NOTICE) == 1  # two kernels compiled, one notice
    assert _run(code, NUMBA_CACHE_DIR=cache).stderr == ""  # loaded from the cache
    # silenced through the logger, as the notice says
    silenced = _run("import logging; logging.getLogger('skrnn').setLevel(logging.ERROR)\n"
                    + textwrap.dedent(code), NUMBA_CACHE_DIR=str(tmp_path / "other"))
    assert silenced.stderr == ""


def test_after_precompile_the_estimators_defaults_compile_nothing_more():
    # Every signature a default fit and prediction needs was compiled (or loaded) by
    # precompile: the fits below add none to skrnn's kernels.
    result = _run("""
        import importlib, pkgutil, warnings
        import numpy as np
        import skrnn, skrnn._kernels
        from skrnn.datasets import load_airline, load_gunpoint, load_japanese_vowels

        def loaded():
            out = {}
            for info in pkgutil.iter_modules(skrnn._kernels.__path__):
                module = importlib.import_module("skrnn._kernels." + info.name)
                for name, obj in vars(module).items():
                    if getattr(obj, "__skrnn_kernel__", False):
                        out[info.name + "." + name] = set(map(str, obj.signatures))
            return out

        seconds = skrnn.precompile(cells=["gru"])
        assert set(seconds) == {("gru", "float32"), ("echo_state", "float32")}
        before = loaded()
        warnings.simplefilter("ignore")
        X, y = load_gunpoint(split="train", return_X_y=True)
        Xv, yv = load_japanese_vowels(split="train", return_X_y=True)
        for kw in [{}, {"bidirectional": True}]:
            skrnn.RNNClassifier(cell="gru", max_iter=1, n_models=2, **kw).fit(X, y).predict(X)
            skrnn.RNNClassifier(cell="gru", max_iter=1, n_models=1, **kw).fit(
                Xv[:60], yv[:60]).predict(Xv[:60])
        skrnn.RNNRegressor(cell="gru", max_iter=1, n_models=1).fit(X, y.astype(float))
        skrnn.RNNEncoder(cell="gru", max_iter=1).fit(X).transform(X)
        skrnn.RNNForecaster(cell="gru", horizon=12, max_iter=1, n_models=1).fit(
            load_airline(split="train").data).predict()
        skrnn.EchoStateEncoder().fit(X).transform(X)
        after = loaded()
        new = {k: sorted(v - before.get(k, set())) for k, v in after.items()
               if v - before.get(k, set())}
        print("NEW", new)
    """)
    assert "NEW {}" in result.stdout, result.stdout


@pytest.mark.parametrize("kwargs, match", [
    ({"cells": ["lstm", "transformer"]}, "cells must be among .*got 'transformer'"),
    ({"dtypes": ["float16"]}, "dtypes must be among .*got 'float16'"),
])
def test_precompile_names_a_bad_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        skrnn.precompile(**kwargs)
