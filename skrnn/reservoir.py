"""Reservoir computing: `EchoStateEncoder`, a fixed random recurrent network as a transformer.

An echo state network (Jaeger 2001) drives a large, fixed, random recurrent layer (the
reservoir) with the input and trains only a linear readout on its states. Here the
reservoir is a scikit-learn transformer that turns each sequence into a fixed-size
vector of pooled states, so the readout is any scikit-learn estimator::

    make_pipeline(SequenceScaler(), EchoStateEncoder(), RidgeClassifier())

is an echo state network classifier. Fitting draws the random weights and learns nothing
from the data but its shapes; the recurrence runs in a numba kernel
(``skrnn._kernels._reservoir``).

References
----------
H. Jaeger, "The 'echo state' approach to analysing and training recurrent neural
networks", GMD Report 148, 2001.
H. Jaeger, M. Lukosevicius, D. Popovici and U. Siewert, "Optimization and applications of
echo state networks with leaky-integrator neurons", Neural Networks 20(3):335-352, 2007.
M. Lukosevicius, "A practical guide to applying echo state networks", in Neural Networks:
Tricks of the Trade, 2nd ed., Springer LNCS 7700, pp. 659-686, 2012.
"""
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, fit_context
from ._data import (check_feature_count, check_feature_names, check_sequences,
                    fitted_feature_counts)
from ._kernels import _reservoir
from ._network._parallel import blas_single_thread, parallel_map
from ._output import SequenceOutputMixin

__all__ = ["EchoStateEncoder"]

# Rows per kernel call: bounds the kernel's buffers (time-major inputs, three (rows, H)
# state arrays) whatever the number of sequences.
CHUNK_ROWS = 1024
# Fewest rows worth a thread of their own, borrowed from the engine
# (skrnn._network._parallel): below it the per-step GEMMs are too thin for the thread
# overhead.
MIN_ROWS_PER_SHARD = 32

# What each pooling mode asks the kernel for, and in which order the pieces are joined.
_POOLED_PARTS = {
    "last": ("last",),
    "mean": ("mean",),
    "max": ("max",),
    "concat": ("last", "mean"),
}


class EchoStateEncoder(SequenceOutputMixin, ClassNamePrefixFeaturesOutMixin,
                       TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Echo state network reservoir: sequences to fixed-size vectors of pooled states.

    A fixed, random, sparse recurrent layer of ``n_reservoir`` tanh units is run over
    each sequence ``u_1 .. u_T`` with the leaky-integrator update (Jaeger et al. 2007;
    Lukosevicius 2012)::

        x_t = (1 - leak_rate) * x_{t-1} + leak_rate * tanh(W_in_ u_t + W_ x_{t-1} + bias_)

    from ``x_0 = 0``. Each sequence is then summarised by its final state, the mean or
    the maximum of its states, or the final state and the mean side by side
    (``pooling``). Followed by a linear model this is an echo state network; only the
    linear model is trained. `fit` draws the weights from ``random_state`` and learns
    nothing else (only the number of input features), so it takes milliseconds.

    Sequences may have unequal lengths; every sequence is run from its own first step
    to its own last, and its result does not depend on the other sequences of X.

    **Weights.** ``W_in_`` is uniform in ``[-input_scaling, input_scaling]`` and
    ``bias_`` uniform in ``[-bias_scaling, bias_scaling]``. ``W_`` has exactly
    ``k = max(1, round((1 - sparsity) * n_reservoir))`` nonzero weights in each row, at
    random columns, drawn uniform in [-1, 1] and then rescaled so that its spectral
    radius (the largest modulus of its eigenvalues, computed with
    `numpy.linalg.eigvals`, not a norm bound) equals ``spectral_radius``. At least one
    nonzero per row guarantees a nonzero spectral radius: a matrix with exactly one
    nonzero per row has a cycle of nonzero weights, hence a nonzero eigenvalue, and with
    more nonzeros a zero spectral radius has probability zero. Computing all
    eigenvalues costs O(n_reservoir^3): a few milliseconds at 100 units, about 0.1 s at
    500 and 0.6 s at 1000 (one thread). The three are drawn in the order ``W_``,
    ``bias_``, ``W_in_``, each from uniform [-1, 1] draws that are then scaled, so a
    fixed ``random_state`` gives the same ``W_`` and ``bias_`` up to their scale factors
    for any number of input features and any ``spectral_radius``, ``input_scaling`` or
    ``bias_scaling``: a grid search over the scalings compares one reservoir. ``W_in_``
    is drawn one input feature (column) at a time, so a feature's weights do not depend
    on how many features follow it.

    **Input scale.** ``input_scaling`` acts on the raw features, so standardise them
    first, e.g. with `skrnn.preprocessing.SequenceScaler` in a pipeline.

    **2-D input.** A 2-D X of shape (n_samples, n_timesteps) holds univariate
    sequences, one per row, as for every skrnn estimator. After a fit on 2-D input,
    ``n_features_in_`` is its number of columns, as scikit-learn requires, while the
    reservoir has one input channel (``W_in_`` has 1 column). A later 2-D X must have
    the same number of columns; univariate sequences of any length are accepted as a
    3-D array, a list or a (sequence id, time) DataFrame. After a fit on sequences with
    ``n_features`` features per step, every X must have that many; a 2-D X counts as
    one feature per step.

    **Missing values.** NaN and infinity are errors, as everywhere in skrnn.

    Parameters
    ----------
    n_reservoir : int, default=100
        Number of reservoir units ``H``.
    spectral_radius : float, default=0.9
        Spectral radius of ``W_``, >= 0. Below 1 the reservoir forgets its initial state
        (the echo state property holds in practice); near 1 it keeps a longer memory.
        The linearised leaky update ``(1 - leak_rate) I + leak_rate W_`` has spectral
        radius at most ``1 - leak_rate * (1 - spectral_radius)``: a small ``leak_rate``
        lengthens the memory.
    leak_rate : float, default=1.0
        ``a`` in (0, 1]: how much of each state is replaced at every step. 1 is the
        plain tanh reservoir; smaller values make the states change slowly, a low-pass
        filter that suits slow signals and long sequences.
    input_scaling : float, default=1.0
        Half-width of the uniform distribution of the input weights, > 0. Small values
        keep the units in tanh's near-linear range, large values saturate them.
    bias_scaling : float, default=0.5
        Half-width of the uniform distribution of the biases, >= 0. Without a bias the
        reservoir is odd (input ``-u`` gives exactly the states ``-x``), so every mean
        state is an odd function of the input: for zero-mean signals it stays near 0
        and a linear readout cannot see even-order statistics such as an oscillation's
        amplitude, hence its frequency. A bias of the order of a standardised input's
        spread breaks that symmetry while leaving most units unsaturated. (On noisy
        sine waves of two frequencies, ``pooling="mean"`` and a `RidgeClassifier` went
        from 58% to 82% accuracy between a bias scale of 0.1 and 0.5.)
    sparsity : float, default=0.9
        Fraction of the recurrent weights that are zero, in [0, 1). Each unit receives
        ``max(1, round((1 - sparsity) * n_reservoir))`` recurrent connections.
    pooling : {"mean", "last", "max", "concat"}, default="mean"
        How each sequence's states become one vector: ``"last"``, the final state;
        ``"mean"``, the mean state; ``"max"``, the maximum of each unit; ``"concat"``,
        the final state followed by the mean state (``2 * n_reservoir`` columns). The
        mean and maximum skip the first ``washout`` steps. The mean (the default) and
        the maximum describe what happens anywhere in a sequence and do not depend on
        where it was cut; the final state remembers mostly the last steps, in order.
        Which works best depends on the data and the readout: with default settings
        and ``RidgeClassifier()`` (5-fold cross-validation, twice, on the train splits
        of the shipped sets), "mean" scored 1.00 on BasicMotions and .98 on
        JapaneseVowels but .60 on ItalyPowerDemand, where the hour of each value
        matters and "concat" scored .96 (``examples/encode_echo_state.py`` tunes it).
    washout : int, default=0
        Number of leading steps left out of the ``"mean"`` and ``"max"`` pooling (also
        the mean part of ``"concat"``), while the reservoir forgets its zero initial
        state. A sequence of ``T <= washout`` steps keeps its last step only, so every
        sequence gives a result. ``"last"`` is unaffected.
    random_state : int, RandomState instance or None, default=None
        Draws the weights. Pass an int for the same reservoir at every fit.
    dtype : {"float32", "float64"}, default="float32"
        Precision of the weights, the states and `transform`'s output. float32, as
        skrnn's networks: its kernel uses skrnn's vectorised rational tanh (relative
        error below 3.2e-7), while float64 calls the exact libm tanh for every unit and
        step, and transforms 4 to 6 times slower (``python
        benchmarks/bench_reservoir.py``; ItalyPowerDemand's 1029 test days, 100 units:
        9.5 ms against 58 ms). The two gave the same cross-validated accuracy on
        the shipped classification sets. Use float64 to compare with a reference or
        when a readout needs more than float32's seven digits.
    n_jobs : int, default=None
        Number of threads `transform` runs on: sequences are split between them (at
        least 32 per thread), and the kernel releases the GIL. None means 1.

    Attributes
    ----------
    W_in_ : ndarray of shape (n_reservoir, n_channels)
        Input weights. ``n_channels`` is the number of features per step (1 after a fit
        on 2-D input).
    W_ : ndarray of shape (n_reservoir, n_reservoir)
        Recurrent weights, dense with a fraction ``sparsity`` of zeros; spectral radius
        ``spectral_radius``.
    bias_ : ndarray of shape (n_reservoir,)
        Bias of each unit.
    n_components_ : int
        Number of output columns: ``n_reservoir``, or ``2 * n_reservoir`` for
        ``pooling="concat"``.
    n_features_in_ : int
        Number of features per step seen during fit; for a 2-D X, its number of
        columns (time steps).
    n_timesteps_in_ : int
        Number of columns of the 2-D X seen during fit. Only set after a fit on 2-D
        input.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit: the columns of a DataFrame, when all are
        strings. Only set in that case.

    See Also
    --------
    skrnn.preprocessing.SequenceScaler : Standardise the features before the reservoir.
    sklearn.linear_model.RidgeClassifier : A fast readout for classification.

    Notes
    -----
    ``transform`` compiles its kernel on first use in a fresh installation (a few
    seconds); numba caches it on disk for later processes.

    Examples
    --------
    Noisy sine waves of two frequencies, with random phases and unequal lengths, as a
    list of (T_i, 1) arrays. The encoder turns each into one vector:

    >>> import numpy as np
    >>> from sklearn.linear_model import RidgeClassifier
    >>> from sklearn.pipeline import make_pipeline
    >>> from skrnn import EchoStateEncoder
    >>> rng = np.random.default_rng(1)
    >>> y = np.arange(60) % 2
    >>> X = [np.sin([0.2, 0.6][label] * np.arange(n) + rng.uniform(0, 2 * np.pi))[:, None]
    ...      + 0.2 * rng.normal(size=(n, 1))
    ...      for label, n in zip(y, rng.integers(20, 40, size=60))]
    >>> encoder = EchoStateEncoder(n_reservoir=50, random_state=0)
    >>> encoder.fit_transform(X).shape
    (60, 50)
    >>> encoder.W_in_.shape, encoder.W_.shape, encoder.bias_.shape
    ((50, 1), (50, 50), (50,))
    >>> round(float(np.abs(np.linalg.eigvals(encoder.W_.astype(float))).max()), 5)
    0.9
    >>> encoder.get_feature_names_out()[:3]
    array(['echostateencoder0', 'echostateencoder1', 'echostateencoder2'],
          dtype=object)

    Followed by a linear readout, it is an echo state network classifier:

    >>> esn = make_pipeline(EchoStateEncoder(n_reservoir=50, random_state=0),
    ...                     RidgeClassifier(alpha=1e-3))
    >>> esn.fit(X[:40], y[:40]).score(X[40:], y[40:])
    1.0
    """

    _parameter_constraints: dict = {
        "n_reservoir": [Interval(Integral, 1, None, closed="left")],
        "spectral_radius": [Interval(Real, 0, None, closed="left")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "input_scaling": [Interval(Real, 0, None, closed="neither")],
        "bias_scaling": [Interval(Real, 0, None, closed="left")],
        "sparsity": [Interval(Real, 0, 1, closed="left")],
        "pooling": [StrOptions(set(_POOLED_PARTS))],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "dtype": [StrOptions({"float32", "float64"})],
        "n_jobs": [None, Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, n_reservoir=100, *, spectral_radius=0.9, leak_rate=1.0,
                 input_scaling=1.0, bias_scaling=0.5, sparsity=0.9, pooling="mean",
                 washout=0, random_state=None, dtype="float32", n_jobs=None):
        self.n_reservoir = n_reservoir
        self.spectral_radius = spectral_radius
        self.leak_rate = leak_rate
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.sparsity = sparsity
        self.pooling = pooling
        self.washout = washout
        self.random_state = random_state
        self.dtype = dtype
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------------ fit
    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Draw the reservoir's weights for X's number of features.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences; only their number of features (and names) is used. A
            DataFrame needs a 2-level (sequence id, time) MultiIndex; without one it is
            read as a 2-D array.
        y : None
            Ignored.

        Returns
        -------
        self : EchoStateEncoder
            The fitted encoder.
        """
        self._fit(X)
        return self

    @fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Draw the weights, then encode X (validating X once).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences.
        y : None
            Ignored.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components_) or DataFrame
            The pooled reservoir states, as `transform` returns them.
        """
        batch = self._fit(X)
        return self._wrap_output(self._encode(batch), X, batch)

    def _fit(self, X):
        """Validate X, record its feature counts and names, draw the weights; return
        the validated batch."""
        name = type(self).__name__
        check_feature_names(self, X, reset=True)
        batch = check_sequences(X, dtype=self.dtype, estimator_name=name)
        counts = fitted_feature_counts(batch)
        self.n_features_in_ = counts.n_features_in_
        if counts.fitted_on_2d:
            self.n_timesteps_in_ = counts.n_timesteps_in_
        elif hasattr(self, "n_timesteps_in_"):
            del self.n_timesteps_in_
        rng = check_random_state(self.random_state)
        with blas_single_thread():
            W = _recurrent_weights(self.n_reservoir, self.sparsity, self.spectral_radius,
                                   rng)
        bias = self.bias_scaling * rng.uniform(-1.0, 1.0, self.n_reservoir)
        # drawn feature by feature, so that the weights of the first features do not
        # depend on how many follow
        W_in = self.input_scaling * rng.uniform(-1.0, 1.0,
                                                (batch.n_features, self.n_reservoir)).T
        self.W_ = np.ascontiguousarray(W, dtype=self.dtype)
        self.bias_ = bias.astype(self.dtype)
        self.W_in_ = np.ascontiguousarray(W_in, dtype=self.dtype)
        self.n_components_ = self.n_reservoir * len(_POOLED_PARTS[self.pooling])
        return batch

    # ------------------------------------------------------------------ transform
    def transform(self, X):
        """Run the reservoir over each sequence and pool its states.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences, in any format and of any lengths; ``n_features`` must match
            the fit (see the class docstring for 2-D input).

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components_), dtype ``dtype``
            One row per sequence, in X's order (for a (sequence id, time) DataFrame, the
            order of first appearance of each id). With ``set_output(transform=
            "pandas")``, a DataFrame with columns `get_feature_names_out` indexed by
            sequence id (for a (sequence id, time) DataFrame) or by X's index (for
            other DataFrames).
        """
        check_is_fitted(self)
        name = type(self).__name__
        check_feature_names(self, X, reset=False)
        batch = check_sequences(X, dtype=self.dtype, estimator_name=name)
        check_feature_count(batch, self.n_features_in_,
                            fitted_on_2d=hasattr(self, "n_timesteps_in_"),
                            n_timesteps_in_=getattr(self, "n_timesteps_in_", None),
                            estimator_name=name)
        return self._wrap_output(self._encode(batch), X, batch)

    def _encode(self, batch):
        """The pooled states of a validated batch: (n_samples, n_components_)."""
        parts = _POOLED_PARTS[self.pooling]
        H = self.n_reservoir
        dtype = np.dtype(self.dtype)
        leak_rate = dtype.type(self.leak_rate)
        out = np.empty((batch.n_samples, self.n_components_), dtype=dtype)

        def run(rows):
            lengths = batch.lengths[rows]
            X = batch.X[rows, :int(lengths.max())]  # a contiguous copy, own padding
            pooled = {"last": np.empty((len(rows), H), dtype=dtype)}
            for part in ("mean", "max"):
                pooled[part] = np.empty((len(rows) if part in parts else 0, H),
                                        dtype=dtype)
            _reservoir.forward(X, lengths, self.W_in_, self.W_, self.bias_, leak_rate,
                               self.washout, pooled["last"], pooled["mean"],
                               pooled["max"])
            out[rows] = np.hstack([pooled[part] for part in parts])

        def run_shard(chunks):
            for rows in chunks:
                run(rows)

        shards = _shards(batch.lengths, self.n_jobs or 1)
        with blas_single_thread():  # per-step GEMMs are too small for BLAS threads
            if len(shards) > 1:
                parallel_map(run_shard, shards)
            else:
                run_shard(shards[0])
        return out

    # --------------------------------------------------------------------- output
    @property
    def _n_features_out(self):
        """Number of output columns (what ClassNamePrefixFeaturesOutMixin reads)."""
        return self.n_components_

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: ``echostateencoder0``, ``echostateencoder1``, ...

        With ``pooling="concat"`` the first ``n_reservoir`` names are the final state's
        units and the next ``n_reservoir`` the mean state's.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked: it must have ``n_features_in_`` names, equal to
            ``feature_names_in_`` when that is set.

        Returns
        -------
        feature_names_out : ndarray of shape (n_components_,), dtype object
            One name per output column.
        """
        return super().get_feature_names_out(input_features)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = [self.dtype]
        return tags


def _recurrent_weights(n_reservoir, sparsity, spectral_radius, rng):
    """A sparse random (H, H) matrix, float64, rescaled to the given spectral radius.

    Each row has exactly ``max(1, round((1 - sparsity) * H))`` nonzeros, uniform in
    [-1, 1] before the rescaling, at columns drawn without replacement.
    """
    H = n_reservoir
    k = max(1, int(round((1.0 - sparsity) * H)))
    if k < H:
        columns = np.argpartition(rng.random((H, H)), k - 1, axis=1)[:, :k]
    else:
        columns = np.tile(np.arange(H), (H, 1))
    W = np.zeros((H, H))
    W[np.arange(H)[:, None], columns] = rng.uniform(-1.0, 1.0, (H, k))
    radius = np.abs(np.linalg.eigvals(W)).max()
    if not radius > 0:  # probability zero with at least one nonzero per row
        raise RuntimeError(f"The random recurrent matrix drawn has spectral radius "
                           f"{radius}; draw another with a different random_state.")
    return W * (spectral_radius / radius)


def _shards(lengths, n_threads):
    """The rows of each thread, as lists of row index arrays (one per kernel call).

    Rows are sorted by length (longest first), so each call pads only to its own longest
    sequence, and cut into calls of at most `CHUNK_ROWS` rows. With several threads, the
    sorted rows are first dealt to one shard per thread in a snake order (0 1 1 0 0 1
    ...), which balances the shards' total work.
    """
    order = np.argsort(-lengths, kind="stable")
    N = len(order)
    n_shards = max(1, min(n_threads, N // MIN_ROWS_PER_SHARD))
    snake = np.concatenate([np.arange(n_shards), np.arange(n_shards)[::-1]])
    owner = np.resize(snake, N)
    shards = [order[owner == s] for s in range(n_shards)]
    return [[shard[start:start + CHUNK_ROWS] for start in range(0, len(shard), CHUNK_ROWS)]
            for shard in shards]
