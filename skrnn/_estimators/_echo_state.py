"""Reservoir computing: `EchoStateEncoder`, a fixed random recurrent network as a transformer.

An echo state network (Jaeger 2001) drives a large, fixed, random recurrent layer (the
reservoir) with the input and trains only a linear readout on its states. Here the
reservoir is a scikit-learn transformer that turns each sequence into a fixed-size
vector of pooled states, so the readout is any scikit-learn estimator::

    make_pipeline(SequenceScaler(), EchoStateEncoder(), RidgeClassifier())

is an echo state network classifier. Fitting draws the random weights and learns nothing
from the data but its shapes; the network layer runs the recurrence (compiled code that
releases the GIL) over chunks of length-sorted sequences, split between threads.
"""
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import CallbackSupportMixin, Interval, StrOptions, fit_context
from .._data import (check_feature_count, check_feature_names, check_sequences,
                    fitted_feature_counts)
from .._network import init_reservoir, run_reservoir
from ._base import N_JOBS, n_threads, store_parameters
from ._callbacks import one_fit_task
from ._transactions import all_or_nothing
from ._output import SequenceOutputMixin

__all__ = ["EchoStateEncoder"]

# The reservoir statistics each pooling mode asks for, in the order they are joined.
_POOLED_PARTS = {
    "last": ("last",),
    "mean": ("mean",),
    "max": ("max",),
    "concat": ("last", "mean"),
    "segments": ("segments",),
    "segments+max": ("segments", "max"),
}


class EchoStateEncoder(CallbackSupportMixin, SequenceOutputMixin,
                       ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator,
                       auto_wrap_output_keys=None):
    """Echo state network reservoir: sequences to fixed-size vectors of pooled states.

    A fixed, random, sparse recurrent layer of ``n_reservoir`` tanh units runs over each
    sequence ``u_1 .. u_T`` with the leaky-integrator update (Jaeger et al. 2007)::

        x_t = (1 - leak_rate) * x_{t-1} + leak_rate * tanh(W_in_ u_t + W_ x_{t-1} + bias_)

    from ``x_0 = 0``, and each sequence's states are pooled into one vector. Followed by
    a linear model this is an echo state network, in which only the linear model is
    trained: `fit` only draws the weights from ``random_state``.

    Parameters
    ----------
    n_reservoir : int, default=100
        Number of reservoir units. 100 is plenty for short sequences, keeps `fit`, which
        computes all eigenvalues of ``W_`` (O(n_reservoir^3)), quick, and keeps the
        ``n_segments * n_reservoir`` columns few for small training sets.
    spectral_radius : float, default=1.0
        Spectral radius of ``W_``, >= 0; larger values keep a longer memory. 1, the edge
        of the linearly stable range: the longest memory at which a reservoir driven by
        input (whose tanh units are then partly saturated, shrinking the effective
        gain) still forgets its initial state, the echo state property.
    leak_rate : float, default=1.0
        Fraction of each state replaced at every step, in (0, 1]; smaller values make
        the states a low-pass filter for slow signals. 1 is the plain tanh reservoir.
    input_scaling : float, default=2.0
        Half-width of the uniform input weights, > 0. 2 for standardised features (see
        `skrnn.preprocessing.SequenceScaler`): strongly driven units respond
        nonlinearly to the input's amplitude, so that a segment's mean state says more
        than a linear filter of its steps would; chosen by cross-validation with the
        segment pooling and a linear readout.
    bias_scaling : float, default=1.0
        Half-width of the uniform biases, >= 0. Nonzero, because an unbiased reservoir
        is odd (input ``-u`` gives states ``-x``), which hides even-order features such
        as an amplitude from mean pooling; 1, as wide as the input drive is strong, so
        that units sit at many operating points of the tanh and each responds to a
        different range of values.
    sparsity : float, default=0.9
        Fraction of zero recurrent weights, in [0, 1); each unit receives
        ``max(1, round((1 - sparsity) * n_reservoir))`` connections. Sparse, as
        reservoirs customarily are: loosely coupled units give more varied states.
    pooling : {"segments+max", "segments", "mean", "last", "max", "concat"}, \
default="segments+max"
        How each sequence's states become one vector: the mean state over each of
        ``n_segments`` equal segments of the sequence followed by each unit's maximum
        over the whole sequence (``(n_segments + 1) * n_reservoir`` columns), the
        segment means alone (``n_segments * n_reservoir``), the final state, the mean
        state, each unit's maximum, or the final state followed by the mean state
        (``2 * n_reservoir`` columns). Segments, so that the linear readout sees where
        in the sequence things happen (the shape of a curve, not only its average),
        which the mean alone hides; each segment's mean still smooths over its own
        steps, whatever the length. Plus the maximum by default: averages over long
        segments wash out a short event, while each unit's peak records how strongly
        the pattern it responds to occurred anywhere in the sequence, whatever its
        timing (global max pooling, as convolutional and random-kernel time series
        classifiers use). It adds only ``n_reservoir`` columns and leaves the segment
        means as they are; chosen by cross-validation on the training splits of the
        shipped sets, where it raised the accuracy on the long sequences of PigCVP
        (2,000 steps) and changed the others by less than the noise.
    n_segments : int, default=4
        Number of equal segments of ``pooling="segments+max"`` and
        ``pooling="segments"``, >= 1 (1 is the mean); each sequence is cut by its own
        length, so sequences of any length give as many columns. Segment ``k`` of a
        sequence of ``m`` counted steps (after the washout) averages steps
        ``a = min(k m // K, m - 1)`` to ``max(a + 1, (k + 1) m // K)`` (0-based,
        exclusive): a partition when ``m >= K``, one step each otherwise. 4:
        more segments describe the position of events more finely, but make the
        representation depend on timing that varies between cases of one class (and
        multiply the columns). Ignored by the other poolings.
    washout : int, default=0
        Leading steps left out of the mean, the maximum and the segments (not the final
        state) while the reservoir forgets its zero initial state; a sequence of
        ``T <= washout`` steps keeps its last step. 0, so that short sequences lose
        nothing.
    random_state : int, RandomState instance or None, default=None
        Draws the weights. Pass an int for the same reservoir at every fit.
    dtype : {"float32", "float64"}, default="float32"
        Precision of the weights, the states and `transform`'s output. float32, as
        skrnn's networks: its vectorised tanh is much faster than float64's exact one.
    n_jobs : int, default=None
        Number of threads `transform` splits the sequences between (at least 32 per
        thread). None means 1, leaving the cores to an outer parallel loop; -1 means
        every core. The output
        may differ in the last bit between thread counts (BLAS rounding).

    Attributes
    ----------
    W_in_ : ndarray of shape (n_reservoir, n_channels)
        Input weights; ``n_channels`` is the number of features per step (1 after a fit
        on 2-D input).
    W_ : ndarray of shape (n_reservoir, n_reservoir)
        Recurrent weights, dense with a fraction ``sparsity`` of zeros, spectral radius
        ``spectral_radius``.
    bias_ : ndarray of shape (n_reservoir,)
        Bias of each unit.
    n_components_ : int
        Number of output columns: ``(n_segments + 1) * n_reservoir`` for
        ``pooling="segments+max"``, ``n_segments * n_reservoir`` for "segments",
        ``2 * n_reservoir`` for "concat", else ``n_reservoir``.
    n_features_in_ : int
        Number of features per step seen during fit; for a 2-D X, its number of
        columns (time steps).
    n_timesteps_in_ : int
        Number of columns of the 2-D X seen during fit. Only set after a fit on 2-D
        input.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X is a DataFrame whose columns are
        all strings. Only set in that case.

    See Also
    --------
    skrnn.preprocessing.SequenceScaler : Standardise the features before the reservoir.
    skrnn.RNNEncoder : A trained recurrent autoencoder, the learned counterpart.
    sklearn.linear_model.RidgeClassifier : A fast readout for classification.

    Notes
    -----
    Sequences may have unequal lengths; each runs from its own first step to its own
    last, and its result does not depend on the other sequences of X.

    A 2-D X of shape (n_samples, n_timesteps) holds univariate sequences, one per row.
    After a fit on 2-D input, ``n_features_in_`` is its number of columns (as
    scikit-learn requires) and a later 2-D X must have as many; univariate sequences of
    other lengths are accepted as a 3-D array, a list or a (sequence id, time)
    DataFrame. After a fit on sequences, every X must have as many features per step.

    ``W_`` has exactly ``max(1, round((1 - sparsity) * n_reservoir))`` nonzeros per
    row, uniform in [-1, 1] before it is rescaled to the exact spectral radius. The
    weights are drawn in the order ``W_``, ``bias_``, ``W_in_`` (one input feature at a
    time) and scaled afterwards, so a fixed ``random_state`` gives the same reservoir,
    up to scale, for any scalings and number of features: a grid search over the
    scalings compares one reservoir.

    NaN and infinity in X are errors. `transform` compiles its kernel on first use in a
    fresh installation and caches it on disk for later processes.

    References
    ----------
    H. Jaeger, "The 'echo state' approach to analysing and training recurrent neural
    networks", GMD Report 148, 2001.

    H. Jaeger, M. Lukosevicius, D. Popovici and U. Siewert, "Optimization and
    applications of echo state networks with leaky-integrator neurons", Neural Networks
    20(3):335-352, 2007.

    M. Lukosevicius, "A practical guide to applying echo state networks", in Neural
    Networks: Tricks of the Trade, 2nd ed., Springer LNCS 7700, pp. 659-686, 2012.

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
    (60, 250)
    >>> encoder.W_in_.shape, encoder.W_.shape, encoder.bias_.shape
    ((50, 1), (50, 50), (50,))
    >>> round(float(np.abs(np.linalg.eigvals(encoder.W_.astype(float))).max()), 5)
    1.0
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
        "n_segments": [Interval(Integral, 1, None, closed="left")],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "dtype": [StrOptions({"float32", "float64"})],
        "n_jobs": N_JOBS,
    }

    def __init__(self, *, n_reservoir=100, spectral_radius=1.0, leak_rate=1.0,
                 input_scaling=2.0, bias_scaling=1.0, sparsity=0.9,
                 pooling="segments+max", n_segments=4, washout=0, random_state=None,
                 dtype="float32", n_jobs=None):
        store_parameters(self, locals())

    # ------------------------------------------------------------------------ fit
    @fit_context(prefer_skip_nested_validation=True)
    @one_fit_task
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
    @one_fit_task
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

    @all_or_nothing
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
        W_in, W, bias = init_reservoir(
            batch.n_features, self.n_reservoir, spectral_radius=self.spectral_radius,
            sparsity=self.sparsity, input_scaling=self.input_scaling,
            bias_scaling=self.bias_scaling, random_state=self.random_state)
        self.W_ = np.ascontiguousarray(W, dtype=self.dtype)
        self.bias_ = bias.astype(self.dtype)
        self.W_in_ = np.ascontiguousarray(W_in, dtype=self.dtype)
        self.n_components_ = self.n_reservoir * self._n_blocks()
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
        self._validate_params()  # set_params may have changed them since fit
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
        return run_reservoir(batch.X, batch.lengths, self.W_in_, self.W_, self.bias_,
                             leak_rate=self.leak_rate, washout=self.washout,
                             statistics=_POOLED_PARTS[self.pooling],
                             n_segments=self.n_segments, n_threads=n_threads(self.n_jobs))

    def _n_blocks(self):
        """Number of ``n_reservoir``-wide column blocks of the output."""
        return sum(self.n_segments if part == "segments" else 1
                   for part in _POOLED_PARTS[self.pooling])

    # --------------------------------------------------------------------- output
    @property
    def _n_features_out(self):
        """Number of output columns (what ClassNamePrefixFeaturesOutMixin reads)."""
        return self.n_components_

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: ``echostateencoder0``, ``echostateencoder1``, ...

        With ``pooling="concat"`` the first ``n_reservoir`` names are the final state's
        units and the next ``n_reservoir`` the mean state's; with "segments", block
        ``k`` of ``n_reservoir`` names is the ``k``-th segment's mean state; with
        "segments+max", the same ``n_segments`` blocks followed by a last block of
        ``n_reservoir`` names for each unit's maximum.

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

