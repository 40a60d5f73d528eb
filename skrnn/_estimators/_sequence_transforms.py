"""`WindowAggregator` and `SequenceDifferencer`: step-wise features of sequences.

Both read every X format of skrnn (see ``skrnn._data``), work on each sequence's real
steps only (its own length; padding never enters a statistic or a difference), and
return X in the container it came in. They learn nothing from the data: `fit` validates
the parameters and records the feature counts and names that `transform` then checks,
as `SequenceScaler` does.

The containers (`_SequenceTransform._rebuild`): a 3-D array gives a 3-D array, a list
(tuple, 1-D object array) the same container with each sequence's new length, a
DataFrame indexed by (sequence id, time) such a DataFrame. A 2-D X holds univariate
sequences; the output stays 2-D while it has one channel per step and becomes a 3-D
array ``(n_samples, n_steps_out, n_channels_out)`` when it has more, because a 2-D
array can only hold univariate sequences.
"""
import dataclasses
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import CallbackSupportMixin, Interval, StrOptions, fit_context
from .._data import (SequenceBatch, check_feature_count, check_feature_names,
                     check_sequences, fitted_feature_counts, like_sequences, step_mask)
from ._callbacks import one_fit_task
from ._output import OutputMixin
from ._transactions import all_or_nothing
from ._scaler import _is_float32

__all__ = ["SequenceDifferencer", "WindowAggregator"]

STATISTICS = ("mean", "std", "log_std", "min", "max", "last")

# Added to the standard deviation before its logarithm, so that a flat window (a
# constant stretch, or a window of one step) gives log(1e-3) = -6.9 instead of -inf.
# Meant for standardised input (SequenceScaler first), where 1e-3 is a thousandth of a
# feature's spread: windows flatter than that all read as "flat".
LOG_STD_OFFSET = 1e-3


class _SequenceTransform(CallbackSupportMixin, OutputMixin, TransformerMixin, BaseEstimator,
                         auto_wrap_output_keys=None):
    """What the two transformers share: fit (shapes and names only), transform's
    validation, and the container rebuild. A subclass defines

    * ``_features(batch)``: the new values (padded, float64), their lengths, and for
      each output step the input step it starts at (which names its (id, time) row);
    * ``_channel_names(labels)``: the output channels' names from the input channels';
    * ``_check_fit(batch)``: checks of the parameters against the training X;
    * ``_one_to_one``: True when each output step is the input step of the same
      position (a (sequence id, time) frame then keeps X's row order).

    Subclasses also declare ``auto_wrap_output_keys=None``: scikit-learn sets up its
    own output wrapper again for every subclass that does not.
    """

    _one_to_one = False

    @fit_context(prefer_skip_nested_validation=True)
    @one_fit_task
    @all_or_nothing
    def fit(self, X, y=None):
        """Check the parameters against X and record its feature count and names.

        Nothing is learnt from the values: `transform` computes each sequence's
        features from that sequence alone.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences. A DataFrame needs a 2-level (sequence id, time)
            MultiIndex; without one it is read as a 2-D array (univariate sequences,
            one column per time step).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        name = type(self).__name__
        check_feature_names(self, X, reset=True)
        batch = check_sequences(X, dtype=np.float32 if _is_float32(X) else np.float64,
                                estimator_name=name)
        self._check_fit(batch)
        counts = fitted_feature_counts(batch)
        self.n_features_in_ = counts.n_features_in_
        if counts.fitted_on_2d:
            self.n_timesteps_in_ = counts.n_timesteps_in_
        elif hasattr(self, "n_timesteps_in_"):
            del self.n_timesteps_in_
        return self

    def _check_fit(self, batch):
        """Raise if the parameters do not suit the training sequences."""

    def transform(self, X):
        """The new features of every sequence, in X's container.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences, in any format and of any lengths; ``n_features`` must match
            the fit.

        Returns
        -------
        X_new : ndarray, list of ndarrays, DataFrame or Series
            See the class docstring for the shapes. float32 if X was float32, else
            float64. A 3-D array for 3-D X; for 2-D X, a 2-D array when the output has
            one channel per step (a DataFrame with ``set_output(transform="pandas")``),
            else a 3-D array; a list (tuple, object array) of per-sequence arrays for
            such X, 1-D where the input sequence was 1-D and the output has one
            channel; a DataFrame indexed by (sequence id, time) for such X (a Series
            for a Series when the output has one channel). A `SequenceBatch` gives a
            SequenceBatch with the new lengths and zero padding.
        """
        self._validate_params()  # set_params may have changed them since fit
        check_is_fitted(self)
        name = type(self).__name__
        check_feature_names(self, X, reset=False)
        batch = check_sequences(X, dtype=np.float32 if _is_float32(X) else np.float64,
                                estimator_name=name)
        check_feature_count(batch, self.n_features_in_,
                            fitted_on_2d=hasattr(self, "n_timesteps_in_"),
                            n_timesteps_in_=getattr(self, "n_timesteps_in_", None),
                            estimator_name=name)
        values, lengths, starts = self._features(batch)
        return self._rebuild(X, batch, values.astype(batch.dtype, copy=False), lengths,
                             starts)

    # ----------------------------------------------------------------- containers
    def _rebuild(self, X, batch, values, lengths, starts):
        """``values`` (n_samples, n_steps_out, n_channels), padded past ``lengths``,
        in X's container; ``starts[k]`` is the input step output step k begins at."""
        kind = batch.input_kind
        n_channels = values.shape[2]
        if isinstance(X, SequenceBatch):
            row_index = names = None
            if batch.row_index is not None:
                row_index = batch.row_index[_row_positions(batch.lengths, lengths,
                                                           starts)]
            if batch.feature_names is not None and kind == "pandas":  # (2-D: steps)
                names = np.asarray(self._channel_names(list(batch.feature_names)),
                                   dtype=object)
            return dataclasses.replace(batch, X=values, lengths=lengths,
                                       row_index=row_index, feature_names=names)
        if kind == "3d":
            return values
        if kind == "2d":
            if n_channels > 1:
                return values
            return self._wrap_2d(values[:, :, 0], X, starts)
        if kind == "list":
            pieces = [row[:length] for row, length in zip(values, lengths)]
            return like_sequences(
                [piece[:, 0] if n_channels == 1 and np.ndim(item) == 1 else piece
                 for piece, item in zip(pieces, X)], X)
        return self._frame(X, batch, values, lengths, starts)

    def _frame(self, X, batch, values, lengths, starts):
        """The output of a (sequence id, time) DataFrame or Series: one row per output
        step, indexed by the (id, time) of the step it starts at."""
        steps = values[step_mask(lengths, values.shape[1])]
        index = batch.row_index[_row_positions(batch.lengths, lengths, starts)]
        if self._one_to_one:  # one row per input row: back to X's row order
            ordered = np.empty_like(steps)
            ordered[X.index.get_indexer(index)] = steps
            steps, index = ordered, X.index
        labels = [X.name] if isinstance(X, pd.Series) else list(X.columns)
        labels = ["x0" if label is None else str(label) for label in labels]
        columns = self._channel_names(labels)
        if isinstance(X, pd.Series) and len(columns) == 1:
            return pd.Series(steps[:, 0], index=index, name=columns[0])
        return pd.DataFrame(steps, index=index, columns=columns, copy=False)

    def _wrap_2d(self, values, X, starts):
        """A 2-D result (univariate output of 2-D X) in the configured container."""
        if hasattr(self, "n_timesteps_in_"):
            columns = self.get_feature_names_out
        else:  # fitted on sequences: name the columns after X's own
            labels = (list(map(str, X.columns)) if isinstance(X, pd.DataFrame)
                      else [f"x{j}" for j in range(X.shape[1])])
            columns = self._step_names(labels, starts)
        return self._as_table(values, X.index if isinstance(X, pd.DataFrame) else None,
                              columns)

    def _step_names(self, labels, starts):
        """Names of the values of one univariate sequence whose steps are named
        ``labels``: for each output step (named after the step it starts at), its
        channels, in the order of a C-order flattening of (n_steps_out, n_channels)."""
        return [name for start in starts for name in self._channel_names([labels[start]])]

    def get_feature_names_out(self, input_features=None):
        """Names of the output features.

        After a fit on sequences (3-D, list, (sequence id, time) DataFrame), one name
        per output channel (see the class docstring). After a fit on 2-D input, whose
        columns are time steps, one name per output value of a sequence: for each
        output step (named after the input column it starts at) its channels, in the
        order of ``X_new.reshape(n_samples, -1)``; for one channel, exactly the
        columns of the 2-D output.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            If None, ``feature_names_in_`` when set, else ``["x0", "x1", ...,
            f"x{n_features_in_ - 1}"]``. If given, it must have ``n_features_in_``
            names, and match ``feature_names_in_`` when that is set.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The names.
        """
        labels = list(OneToOneFeatureMixin.get_feature_names_out(self, input_features))
        if hasattr(self, "n_timesteps_in_"):
            starts = self._output_starts(np.array([self.n_timesteps_in_]))
            return np.asarray(self._step_names(labels, starts), dtype=object)
        return np.asarray(self._channel_names(labels), dtype=object)

    def set_output(self, *, transform=None):
        """Set the container of 2-D `transform` output.

        Only a 2-D result (2-D input, one output channel) is affected: it becomes a
        DataFrame whose columns are `get_feature_names_out` (after a fit on 2-D input;
        otherwise named after X's columns) and whose index is X's. Sequence output
        keeps its container: a (sequence id, time) DataFrame already gives a
        DataFrame, a 3-D array or a list has no table form.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            ``"default"`` for arrays, ``"pandas"`` or ``"polars"`` for a DataFrame.
            None leaves the configuration unchanged.

        Returns
        -------
        self : object
            The estimator itself.
        """
        return super().set_output(transform=transform)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _row_positions(lengths_in, lengths_out, starts):
    """Positions, among a batch's real input steps stored sequence after sequence, of
    the input step each real output step starts at (sequence after sequence)."""
    first = np.cumsum(lengths_in) - lengths_in
    return np.concatenate([first[i] + starts[:length]
                           for i, length in enumerate(lengths_out)])


def _masked(batch):
    """The batch's values in float64 with exact zeros past each length (a
    SequenceBatch built by hand may hold anything there)."""
    values = batch.X.astype(np.float64)
    values[~step_mask(batch.lengths, batch.max_length)] = 0.0
    return values


class WindowAggregator(_SequenceTransform, auto_wrap_output_keys=None):
    """Statistics of every ``window`` consecutive steps: piecewise aggregation.

    Each sequence is cut into windows of ``window`` consecutive steps, from its first
    step; each window becomes one step holding the chosen ``statistics`` of every
    feature over that window. With ``statistics=("mean",)`` this is the piecewise
    aggregate approximation (PAA): a sequence of ``T_i`` steps becomes
    ``ceil(T_i / window)`` window means. Shorter sequences make a recurrent network
    easier to train (fewer steps to backpropagate through), and the spread of a window
    (``"std"``, ``"log_std"``, ``"min"``, ``"max"``) keeps what the mean smooths away.

    **The last window** of a sequence whose length is not a multiple of ``window`` is
    kept as a shorter window, its statistics computed over the steps it has: dropping
    it would lose up to ``window - 1`` steps, the most recent ones, which a network
    reading the last state weighs most, and a sequence shorter than ``window`` would
    vanish. Each sequence is cut by its own length, so the sequences of one batch give
    ``ceil(T_i / window)`` steps each.

    **Output channels** are statistic by statistic, each with every feature:
    ``[f0_mean, f1_mean, ..., f0_std, f1_std, ...]`` (``n_features * len(statistics)``
    channels), named ``f"{feature}_{statistic}"`` by `get_feature_names_out`.

    **Containers.** A 3-D array gives a 3-D array ``(n_samples, ceil(T / window),
    n_features * n_statistics)``; a list gives a list of ``(ceil(T_i / window),
    n_features * n_statistics)`` arrays (1-D where the input sequence was 1-D and there
    is one statistic); a DataFrame indexed by (sequence id, time) gives one with one row
    per window, indexed by the (id, time) of the window's first step (the left edge, as
    pandas' ``resample`` labels), in the order of the sequences' first appearance and
    time, with columns ``f"{column}_{statistic}"``. A 2-D X holds univariate sequences:
    with one statistic the output is 2-D ``(n_samples, ceil(T / window))``, with more a
    3-D array ``(n_samples, ceil(T / window), n_statistics)``.

    Parameters
    ----------
    window : int, default=4
        Consecutive steps per window (1 keeps the steps, and gives the statistics of
        single steps). 4 shortens sequences four-fold while each full window still has
        enough steps for a spread to mean something; choose it by cross-validation.
        Larger than every training sequence is an error: each sequence would become
        a single step, its summary, with no order left to learn.
    statistics : str or tuple of str, default=("mean",)
        What each window gives per feature, in this order, among ``"mean"``,
        ``"std"`` (population standard deviation, 0 for a one-step window),
        ``"log_std"`` (``log(std + 1e-3)``: the spread on a log scale, where a
        quiet window and a very quiet one differ; the constant keeps flat windows
        finite at -6.9 and is meant for standardised input, so put a `SequenceScaler`
        first), ``"min"``, ``"max"`` and ``"last"`` (the window's last step). The
        default, the mean alone, is plain down-sampling: it adds no channels.

    Attributes
    ----------
    n_features_in_ : int
        Number of features per step seen during fit; for a 2-D X, its number of
        columns (time steps).
    n_timesteps_in_ : int
        Number of columns of the 2-D X seen during fit. Only set after a fit on 2-D
        input.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X is a DataFrame whose column
        names are all strings.

    See Also
    --------
    SequenceDifferencer : Changes from step to step.
    SequenceScaler : Standardise each feature over all real steps.

    Notes
    -----
    There is no ``window="auto"``: `RNNClassifier` and `RNNRegressor` already read
    long sequences in patches of consecutive steps (``patch_size="auto"`` keeps at most
    64 recurrent steps), so a window chosen from the lengths alone would repeat that;
    what this transformer adds is the choice of statistics, and its window is a
    modelling choice for cross-validation.

    Examples
    --------
    Two sequences of one feature, of lengths 5 and 2, in one batch; windows of 2 steps.
    The first sequence's last window holds only its fifth step:

    >>> import numpy as np
    >>> from skrnn.preprocessing import WindowAggregator
    >>> X = [np.array([1.0, 3.0, 2.0, 2.0, 7.0]), np.array([4.0, 0.0])]
    >>> agg = WindowAggregator(window=2, statistics=("mean", "max")).fit(X)
    >>> [sequence.tolist() for sequence in agg.transform(X)]
    [[[2.0, 3.0], [2.0, 2.0], [7.0, 7.0]], [[2.0, 4.0]]]
    >>> agg.get_feature_names_out()
    array(['x0_mean', 'x0_max'], dtype=object)

    A 2-D X (univariate sequences) with one statistic stays 2-D:

    >>> WindowAggregator(window=2).fit_transform(np.array([[1.0, 3.0, 5.0, 7.0, 9.0]]))
    array([[2., 6., 9.]])
    """

    _parameter_constraints: dict = {
        "window": [Interval(Integral, 1, None, closed="left")],
        "statistics": [StrOptions(set(STATISTICS)), list, tuple],
    }

    def __init__(self, *, window=4, statistics=("mean",)):
        self.window = window
        self.statistics = statistics

    def _statistics(self):
        """``statistics`` as a tuple of known, distinct names."""
        chosen = (self.statistics,) if isinstance(self.statistics, str) else tuple(
            self.statistics)
        unknown = [s for s in chosen if not (isinstance(s, str) and s in STATISTICS)]
        if not chosen or unknown:
            raise ValueError(
                f"The 'statistics' parameter of WindowAggregator must be a non-empty "
                f"list or tuple of names among {list(STATISTICS)}; got "
                f"{self.statistics!r}" + (f", where {unknown!r} are not among them."
                                          if unknown else "."))
        if len(set(chosen)) < len(chosen):
            repeated = sorted({s for s in chosen if chosen.count(s) > 1})
            raise ValueError(f"The 'statistics' parameter of WindowAggregator names "
                             f"{repeated} more than once; name each statistic once.")
        return chosen

    def _check_fit(self, batch):
        self._statistics()
        longest = int(batch.lengths.max())
        if self.window > longest:
            if batch.input_kind == "2d":
                what = (f"X has {longest} feature(s): a 2-D X holds univariate "
                        f"sequences, one column per time step, so its sequences have "
                        f"{longest} step(s)")
            else:
                what = f"the longest sequence of X has {longest} step(s)"
            raise ValueError(
                f"window={self.window} is larger than every sequence: {what}. Each "
                f"sequence would become a single window, its summary, with no order "
                f"left for a recurrent network to read. Choose window <= {longest}.")

    def _output_starts(self, lengths):
        return np.arange(0, int(np.max(lengths)), self.window)

    def _channel_names(self, labels):
        return [f"{label}_{statistic}" for statistic in self._statistics()
                for label in labels]

    def _features(self, batch):
        statistics = self._statistics()
        window = self.window
        n, T, F = batch.X.shape
        n_windows = -(-T // window)
        values = np.zeros((n, n_windows * window, F))
        values[:, :T] = _masked(batch)
        values = values.reshape(n, n_windows, window, F)
        inside = step_mask(batch.lengths, n_windows * window).reshape(n, n_windows,
                                                                      window, 1)
        counts = inside.sum(axis=2)                      # (n, n_windows, 1)
        live = counts > 0                                # windows that hold a step
        per = np.maximum(counts, 1)
        mean = values.sum(axis=2) / per                  # padding is zero
        spread = None
        if {"std", "log_std"} & set(statistics):
            deviations = np.where(inside, values - mean[:, :, None], 0.0)
            spread = np.sqrt(np.einsum("nwsf,nwsf->nwf", deviations, deviations) / per)
        parts = []
        for statistic in statistics:
            if statistic == "mean":
                part = mean
            elif statistic == "std":
                part = spread
            elif statistic == "log_std":
                part = np.log(spread + LOG_STD_OFFSET)
            elif statistic == "min":
                part = np.where(inside, values, np.inf).min(axis=2)
            elif statistic == "max":
                part = np.where(inside, values, -np.inf).max(axis=2)
            else:  # "last": the window's last real step
                last = np.maximum(counts - 1, 0)[:, :, :, None]  # (n, n_windows, 1, 1)
                part = np.take_along_axis(values, last, axis=2)[:, :, 0]
            parts.append(np.where(live, part, 0.0))
        lengths = -(-batch.lengths // window)
        return np.concatenate(parts, axis=2), lengths, self._output_starts(batch.lengths)


class SequenceDifferencer(_SequenceTransform, auto_wrap_output_keys=None):
    """Differences between consecutive steps (deltas), beside the original features.

    For each sequence and feature, the difference of order 1 is ``d1[t] = x[t] -
    x[t-1]``, that of order 2 ``d2[t] = d1[t] - d1[t-1] = x[t] - 2 x[t-1] + x[t-2]``,
    and so on. The difference of order ``k`` is undefined at the first ``k`` steps of a
    sequence; it is 0 there (no change), so every sequence keeps its length and its
    steps stay aligned with the original ones. Each sequence is differenced within its
    own length: nothing crosses from one sequence, or from padding, to another.

    **Output channels**: the original features (with ``keep_original=True``), then the
    differences of order 1 of every feature, then those of order 2, ..., up to
    ``order``: ``n_features * (order + keep_original)`` channels, named
    ``f"{feature}"`` and ``f"{feature}_diff{k}"`` by `get_feature_names_out`. This is
    the "delta" and "delta-delta" features of speech recognition for ``order=2``.

    **Containers.** The output has X's lengths: a 3-D array gives a 3-D array, a list a
    list (1-D sequences stay 1-D when the output has one channel), a DataFrame indexed
    by (sequence id, time) one with the same index, in X's row order, and columns
    ``f"{column}"`` and ``f"{column}_diff{k}"``. A 2-D X holds univariate sequences:
    the output is 2-D with one channel (``order=1, keep_original=False``), else a 3-D
    array ``(n_samples, n_timesteps, order + keep_original)``.

    Parameters
    ----------
    order : int, default=1
        The highest order of difference; every order from 1 to ``order`` is returned.
        1 gives the change per step, the usual first choice; higher orders
        (acceleration, ...) amplify noise with each order.
    keep_original : bool, default=True
        Keep the original features before the differences. Differences alone lose
        the level of the signal, which often matters as much as its changes.

    Attributes
    ----------
    n_features_in_ : int
        Number of features per step seen during fit; for a 2-D X, its number of
        columns (time steps).
    n_timesteps_in_ : int
        Number of columns of the 2-D X seen during fit. Only set after a fit on 2-D
        input.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X is a DataFrame whose column
        names are all strings.

    See Also
    --------
    WindowAggregator : Statistics of windows of consecutive steps.
    SequenceScaler : Standardise each feature over all real steps.

    Examples
    --------
    Two sequences of one feature, of lengths 4 and 1, differenced to order 2:

    >>> import numpy as np
    >>> from skrnn.preprocessing import SequenceDifferencer
    >>> X = [np.array([1.0, 4.0, 9.0, 16.0]), np.array([5.0])]
    >>> diff = SequenceDifferencer(order=2).fit(X)
    >>> first, second = diff.transform(X)
    >>> first
    array([[ 1.,  0.,  0.],
           [ 4.,  3.,  0.],
           [ 9.,  5.,  2.],
           [16.,  7.,  2.]])
    >>> second
    array([[5., 0., 0.]])
    >>> diff.get_feature_names_out()
    array(['x0', 'x0_diff1', 'x0_diff2'], dtype=object)
    """

    _parameter_constraints: dict = {
        "order": [Interval(Integral, 1, None, closed="left")],
        "keep_original": ["boolean"],
    }

    _one_to_one = True

    def __init__(self, *, order=1, keep_original=True):
        self.order = order
        self.keep_original = keep_original

    def _output_starts(self, lengths):
        return np.arange(int(np.max(lengths)))

    def _channel_names(self, labels):
        names = list(labels) if self.keep_original else []
        return names + [f"{label}_diff{k}" for k in range(1, self.order + 1)
                        for label in labels]

    def _features(self, batch):
        outside = ~step_mask(batch.lengths, batch.max_length)
        current = _masked(batch)
        parts = [current] if self.keep_original else []
        for k in range(1, self.order + 1):
            # order k from order k - 1, which is zero before step k - 1 of a sequence
            change = np.zeros_like(current)
            change[:, k:] = current[:, k:] - current[:, k - 1:-1]
            change[outside] = 0.0  # the step after a sequence's end took its last value
            parts.append(change)
            current = change
        return (np.concatenate(parts, axis=2), np.array(batch.lengths),
                self._output_starts(batch.lengths))
