"""`precompile`: compile (or load from numba's cache) the kernels the estimators use,
before the first real fit, e.g. while a service or a container image starts."""
import logging
import time
from contextlib import contextmanager

import numpy as np
import pandas as pd

CELLS = ("lstm", "gru", "rnn", "peephole_lstm")
DTYPES = ("float32", "float64")


def _tiny_data(rng, dtype):
    """Sixteen two-feature sequences of lengths 3-40 (ragged, and 40 steps is long
    enough for the default segment-wise recurrence), with binary labels."""
    lengths = rng.integers(3, 41, size=16)
    lengths[0] = 40
    X = [rng.standard_normal((n, 2)).astype(dtype) for n in lengths]
    y = np.arange(16) % 2
    return X, y


@contextmanager
def _quiet():
    """Silence the estimators' warnings about a two-epoch fit not converging."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def precompile(cells=CELLS, dtypes=("float32",), *, echo_state=True, forecaster=True):
    """Compile the numba kernels the estimators use, ahead of their first fit.

    numba compiles skrnn's kernels the first time they run on a machine and caches them
    on disk; later processes load them in a fraction of a second. ``precompile`` runs
    tiny fits and predictions through the public estimators for each cell and dtype
    (one and two directions, sequences of equal and of unequal lengths), so that the
    first real fit starts at full speed. A second call, or a call in a later process,
    only loads the cached code.

    Parameters
    ----------
    cells : iterable of {"lstm", "gru", "rnn", "peephole_lstm"}, default=all four
        The recurrent cells to prepare.
    dtypes : iterable of {"float32", "float64"}, default=("float32",)
        float32 is every estimator's default dtype; float64 is for gradient checks.
    echo_state : bool, default=True
        Also prepare `EchoStateEncoder`'s reservoir kernels (for each dtype).
    forecaster : bool, default=True
        Also run a tiny `RNNForecaster` for each cell and dtype.

    Returns
    -------
    seconds : dict
        Wall time per ``(cell, dtype)`` (and ``("echo_state", dtype)``): compile time
        the first time, cache loading afterwards.

    Examples
    --------
    >>> import skrnn
    >>> seconds = skrnn.precompile(cells=["gru"], echo_state=False, forecaster=False)
    >>> list(seconds)
    [('gru', 'float32')]
    """
    from . import EchoStateEncoder, RNNClassifier, RNNForecaster

    cells, dtypes = list(cells), list(dtypes)
    for cell in cells:
        if cell not in CELLS:
            raise ValueError(f"cells must be among {list(CELLS)}, got {cell!r}.")
    for dtype in dtypes:
        if dtype not in DTYPES:
            raise ValueError(f"dtypes must be among {list(DTYPES)}, got {dtype!r}.")
    rng = np.random.default_rng(0)
    series = pd.Series(np.sin(np.arange(48) / 3.0) + np.arange(48) / 10.0,
                       index=pd.period_range("2000-01", periods=48, freq="M"))
    seconds = {}
    logger = logging.getLogger("skrnn")
    with _quiet():
        for dtype in dtypes:
            X, y = _tiny_data(rng, dtype)
            X_equal = np.stack([x[:3] for x in X])
            for cell in cells:
                start = time.perf_counter()
                for bidirectional in (False, True):
                    clf = RNNClassifier(cell=cell, hidden_size=4, bidirectional=bidirectional,
                                        max_iter=2, n_models=1, dtype=dtype,
                                        random_state=0)
                    clf.fit(X, y).predict_proba(X)
                    clf.fit(X_equal, y).predict_proba(X_equal)
                if forecaster:
                    RNNForecaster(cell=cell, hidden_size=4, horizon=3, max_iter=2,
                                  n_models=1, dtype=dtype, random_state=0).fit(
                        series).predict()
                seconds[cell, dtype] = time.perf_counter() - start
                logger.info("precompiled %s/%s in %.1f s", cell, dtype, seconds[cell, dtype])
            if echo_state:
                start = time.perf_counter()
                EchoStateEncoder(n_reservoir=8, dtype=dtype, random_state=0).fit(
                    X).transform(X)
                seconds["echo_state", dtype] = time.perf_counter() - start
    return seconds
