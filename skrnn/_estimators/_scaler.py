"""`SequenceScaler` standardises each channel of sequences over all their real steps.

scikit-learn's scalers see a 2-D table, so they cannot standardise the features of 3-D
input, and on padded sequences they would count the padding as data. `SequenceScaler`
reads every X format of skrnn (see ``skrnn._data``), computes each feature's statistics
over the real time steps of all sequences, and returns X in the container it came in.
"""
import dataclasses

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import CallbackSupportMixin, fit_context
from .._data import (SequenceBatch, check_feature_count, check_feature_names,
                    check_sequences, fitted_feature_counts, like_input, real_steps,
                    step_mask)
from ._callbacks import one_fit_task
from ._output import OutputMixin
from ._transactions import all_or_nothing

__all__ = ["SequenceScaler"]


def _is_float32(X):
    """True when every value of X is stored as float32, so the output stays float32.

    Anything else (float64, integers, mixed columns, nested lists) gives float64 output,
    as scikit-learn's StandardScaler does.
    """
    if isinstance(X, pd.DataFrame):
        return X.shape[1] > 0 and all(dtype == np.float32 for dtype in X.dtypes)
    if isinstance(X, (list, tuple)) or (isinstance(X, np.ndarray) and X.dtype == object):
        return len(X) > 0 and all(_is_float32(item) for item in X)
    return getattr(X, "dtype", None) == np.float32


class SequenceScaler(CallbackSupportMixin, OutputMixin, OneToOneFeatureMixin,
                     TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Standardise each feature (channel) of sequences over all their time steps.

    Each feature is centred and scaled with statistics pooled over every real time step
    of every sequence: ``z = (x - mean_) / scale_``. Padding is never counted, so
    sequences of unequal lengths are standardised exactly as if their steps were
    stacked into one table. scikit-learn's `~sklearn.preprocessing.StandardScaler`
    cannot do this on 3-D input.

    X may be given in any format skrnn accepts, and `transform` and
    `inverse_transform` return the same container: a 3-D array for a 3-D array, a
    2-D array for a 2-D array, a list of arrays with the original lengths for a list,
    and a DataFrame with the same (sequence id, time) index and columns for such a
    DataFrame.

    **2-D input.** A 2-D X of shape (n_samples, n_timesteps) is univariate sequences,
    one per row (the rule of every skrnn estimator). After a fit on 2-D input,
    ``n_features_in_`` is the number of columns, as scikit-learn requires, but the
    sequences have ONE channel: ``mean_``, ``var_`` and ``scale_`` have shape (1,)
    and are computed over all values of X, every column alike (a StandardScaler would
    instead scale each column on its own). A later 2-D X must have the same number of
    columns, and a sequence X (3-D, list, DataFrame indexed by (sequence id, time))
    must have one feature per step, of any length. After a fit on sequences with
    ``n_features`` features per step, every X must have that many; a 2-D X counts as
    one feature per step.

    **Missing values.** NaN and infinity are errors, as everywhere in skrnn (missing
    values are never padding); impute them first.

    Parameters
    ----------
    with_mean : bool, default=True
        Subtract each feature's mean.
    with_std : bool, default=True
        Divide each feature by its standard deviation.
    copy : bool, default=True
        If False, `transform` and `inverse_transform` work in place when X is a
        writeable, C-contiguous 2-D or 3-D float ndarray of the output dtype, and
        return X itself. Any other X is copied regardless.

    Attributes
    ----------
    mean_ : ndarray of shape (n_channels,), dtype float64, or None
        Mean of each feature over all real time steps. ``n_channels`` is the number of
        features per step, 1 after a fit on 2-D input. None when both ``with_mean``
        and ``with_std`` are False.
    var_ : ndarray of shape (n_channels,), dtype float64, or None
        Population variance of each feature over all real time steps. None when
        ``with_std=False``.
    scale_ : ndarray of shape (n_channels,), dtype float64, or None
        Standard deviation of each feature, 1 where the feature is constant (up to
        rounding), so that it is left centred rather than divided by zero. None when
        ``with_std=False``.
    n_samples_seen_ : int
        Number of time steps the statistics are computed from (the sum of the
        sequence lengths), accumulated over `partial_fit` calls.
    n_features_in_ : int
        Number of features per step seen during fit; for a 2-D X, its number of
        columns (time steps).
    n_timesteps_in_ : int
        Number of columns of the 2-D X seen during fit. Only set after a fit on 2-D
        input.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit: the columns of a DataFrame, when all
        are strings. Only set in that case.

    See Also
    --------
    sklearn.preprocessing.StandardScaler : The same on a 2-D table, column by column.

    Examples
    --------
    Two sequences of 2 features, of lengths 3 and 1. Each feature is standardised over
    the 4 steps; the padding that makes them a rectangle would change the mean:

    >>> import numpy as np
    >>> from skrnn.preprocessing import SequenceScaler
    >>> X = [np.array([[1.0, 10.0], [3.0, 30.0], [1.0, 10.0]]),
    ...      np.array([[3.0, 30.0]])]
    >>> scaler = SequenceScaler().fit(X)
    >>> scaler.mean_, scaler.scale_, scaler.n_samples_seen_
    (array([ 2., 20.]), array([ 1., 10.]), 4)
    >>> [sequence.tolist() for sequence in scaler.transform(X)]
    [[[-1.0, -1.0], [1.0, 1.0], [-1.0, -1.0]], [[1.0, 1.0]]]
    >>> [sequence.tolist() for sequence in scaler.inverse_transform(scaler.transform(X))]
    [[[1.0, 10.0], [3.0, 30.0], [1.0, 10.0]], [[3.0, 30.0]]]

    A 2-D X holds univariate sequences: one channel over all columns.

    >>> scaler = SequenceScaler().fit(np.array([[1.0, 3.0, 1.0], [3.0, 1.0, 3.0]]))
    >>> scaler.n_features_in_, scaler.mean_, scaler.scale_
    (3, array([2.]), array([1.]))
    >>> scaler.transform(np.array([[3.0, 2.0, 1.0]]))
    array([[ 1.,  0., -1.]])
    """

    _parameter_constraints: dict = {
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
        "copy": ["boolean"],
    }

    def __init__(self, *, with_mean=True, with_std=True, copy=True):
        self.with_mean = with_mean
        self.with_std = with_std
        self.copy = copy

    def _reset(self):
        """Forget a previous fit (the parameters are untouched)."""
        for name in ("mean_", "var_", "scale_", "n_samples_seen_", "n_timesteps_in_"):
            if hasattr(self, name):
                delattr(self, name)

    @fit_context(prefer_skip_nested_validation=True)
    @one_fit_task
    @all_or_nothing
    def fit(self, X, y=None):
        """Compute each feature's mean and standard deviation over all time steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences. A DataFrame needs a 2-level (sequence id, time)
            MultiIndex; without one it is read as a 2-D array.
        y : None
            Ignored.

        Returns
        -------
        self : SequenceScaler
            The fitted scaler.
        """
        self._reset()
        return self._partial_fit(X)

    @fit_context(prefer_skip_nested_validation=True)
    @one_fit_task
    @all_or_nothing
    def partial_fit(self, X, y=None):
        """Update the statistics with more sequences (online, batch by batch).

        The mean and variance are combined exactly, as if all steps seen so far had
        been passed to one `fit`. The first call fixes the feature count and names;
        later calls must match them (see the class docstring for 2-D input).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            More sequences.
        y : None
            Ignored.

        Returns
        -------
        self : SequenceScaler
            The updated scaler.
        """
        return self._partial_fit(X)

    def _partial_fit(self, X):
        first_call = not hasattr(self, "n_samples_seen_")
        name = type(self).__name__
        check_feature_names(self, X, reset=first_call)
        batch = check_sequences(X, dtype=np.float32 if _is_float32(X) else np.float64,
                                estimator_name=name)
        if first_call:
            counts = fitted_feature_counts(batch)
            self.n_features_in_ = counts.n_features_in_
            if counts.fitted_on_2d:
                self.n_timesteps_in_ = counts.n_timesteps_in_
        else:
            self._check_feature_count(batch)

        steps = real_steps(batch.X, batch.lengths)
        n_new = steps.shape[0]
        n_old = 0 if first_call else self.n_samples_seen_
        self.n_samples_seen_ = n_old + n_new

        if not (self.with_mean or self.with_std):
            self.mean_ = self.var_ = self.scale_ = None
            return self
        # Statistics of this batch in float64, the variance by the two-pass formula.
        mean_new = steps.mean(axis=0, dtype=np.float64)
        var_new = None
        if self.with_std:
            deviations = steps - mean_new
            var_new = np.einsum("ij,ij->j", deviations, deviations) / n_new
        if first_call:
            mean, var = mean_new, var_new
        else:
            # Pool two groups' means and sums of squared deviations (Chan et al.):
            # the second group's mean is off the pooled one by delta * n_old / total.
            total = n_old + n_new
            delta = mean_new - self.mean_
            mean = self.mean_ + delta * (n_new / total)
            var = None
            if self.with_std:
                squares = (self.var_ * n_old + var_new * n_new
                           + delta ** 2 * (n_old * n_new / total))
                var = squares / total
        self.mean_ = mean
        self.var_ = var
        self.scale_ = self._scale_from(var, mean, self.n_samples_seen_)
        return self

    @staticmethod
    def _scale_from(var, mean, n_steps):
        """Standard deviations, with 1 for the features that are constant.

        A constant feature's computed variance is not always exactly 0: its mean is a
        sum of n values divided by n, which can be off by about ``n * eps * |mean|``,
        and every deviation then is about that much. A variance no larger than the
        square of that rounding bound is taken for a constant feature.
        """
        if var is None:
            return None
        rounding = n_steps * np.finfo(np.float64).eps * np.abs(mean)
        scale = np.sqrt(var)
        scale[var <= rounding ** 2] = 1.0
        return scale

    def _check_feature_count(self, batch):
        check_feature_count(batch, self.n_features_in_,
                            fitted_on_2d=hasattr(self, "n_timesteps_in_"),
                            n_timesteps_in_=getattr(self, "n_timesteps_in_", None),
                            estimator_name=type(self).__name__)

    def transform(self, X, copy=None):
        """Standardise sequences: ``(X - mean_) / scale_`` at every time step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            The sequences, in any format and of any lengths; ``n_features`` must match
            the fit.
        copy : bool, default=None
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        X_new : ndarray, list of ndarrays or DataFrame
            The standardised sequences in X's container: a 3-D or 2-D float array of
            X's shape, a list of arrays of the original shapes, or a DataFrame with
            X's index and columns (rows in X's order). Arrays are float32 if X was
            float32, else float64. Rectangular nested lists and DataFrames without a
            MultiIndex give an array; with ``set_output(transform="pandas")``, a 2-D
            result becomes a DataFrame (other containers are returned as above). A
            `SequenceBatch` (skrnn's validated form of X) gives a SequenceBatch with
            the same lengths and zero padding.
        """
        self._validate_params()  # set_params may have changed them since fit
        check_is_fitted(self)
        check_feature_names(self, X, reset=False)
        result = self._apply(X, inverse=False, copy=copy)
        if isinstance(result, np.ndarray) and result.ndim == 2:
            return self._wrap_2d(result, X)
        return result

    def inverse_transform(self, X, copy=None):
        """Undo `transform`: ``X * scale_ + mean_`` at every time step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
(n_samples, n_timesteps), list of n_samples arrays of shape (T_i, n_features) or \
(T_i,), or DataFrame of shape (sum(T_i), n_features)
            Standardised sequences, in any format; ``n_features`` must match the fit.
            Feature names are not checked (a transformed array wrapped in a
            DataFrame by ``set_output`` carries generated names).
        copy : bool, default=None
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        X_original : ndarray, list of ndarrays or DataFrame
            The sequences on their original scale, in X's container (as `transform`,
            but never wrapped by ``set_output``).
        """
        check_is_fitted(self)
        return self._apply(X, inverse=True, copy=copy)

    def _apply(self, X, *, inverse, copy):
        """Validate X, scale (or unscale) its real steps, and rebuild X's container."""
        copy = self.copy if copy is None else copy
        dtype = np.dtype(np.float32 if _is_float32(X) else np.float64)
        batch = check_sequences(X, dtype=dtype, estimator_name=type(self).__name__)
        self._check_feature_count(batch)
        kind = batch.input_kind

        if isinstance(X, SequenceBatch):  # estimators pass their validated X as is
            values = self._scale(batch.X, inverse, dtype)
            values[~step_mask(batch.lengths, batch.max_length)] = 0.0  # padding stays zero, like check_sequences
            return dataclasses.replace(batch, X=values)
        if kind in ("3d", "2d"):
            values = batch.X if kind == "3d" else batch.X[:, :, 0]
            in_place = (not copy and isinstance(X, np.ndarray) and X.flags.writeable
                        and X.flags.c_contiguous and X.dtype == dtype
                        and np.may_share_memory(X, batch.X))
            return self._scale(values, inverse, dtype, out=X if in_place else None)

        # Sequences of unequal lengths: only the real steps, in batch order.
        steps = self._scale(real_steps(batch.X, batch.lengths), inverse, dtype)
        return like_input(steps, batch, X)

    def _scale(self, values, inverse, dtype, out=None):
        """``(values - mean_) / scale_`` or its inverse, computed in float64.

        ``values`` ends with the feature axis (or is 2-D univariate); the result has
        dtype ``dtype`` and is ``out`` when given: X itself, which ``values`` views.
        """
        if out is not None and out.dtype == np.float64:
            work = out  # in place: X holds the same numbers as values
        else:
            work = np.array(values, dtype=np.float64)  # a writeable float64 copy
        shift = self.mean_ if self.with_mean else None
        scale = self.scale_ if self.with_std else None
        if not inverse:
            if shift is not None:
                work -= shift
            if scale is not None:
                work /= scale
        else:
            if scale is not None:
                work *= scale
            if shift is not None:
                work += shift
        if out is None:
            return work.astype(dtype, copy=False)
        if work is not out:
            out[...] = work
        return out

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: the same as the input features.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            If None, ``feature_names_in_`` when set, else ``["x0", "x1", ...,
            f"x{n_features_in_ - 1}"]``. If given, it must have ``n_features_in_``
            names, and match ``feature_names_in_`` when that is set.

        Returns
        -------
        feature_names_out : ndarray of shape (`n_features_in_`,), dtype object
            One name per feature (per column after a fit on 2-D input, where the
            columns are time steps of the one channel).
        """
        return super().get_feature_names_out(input_features)

    def set_output(self, *, transform=None):
        """Set the container of 2-D `transform` output.

        Only a 2-D result (from 2-D input) is affected: it becomes a DataFrame whose
        columns are `get_feature_names_out` (after a fit on 2-D input; otherwise the
        columns of X when it is a DataFrame) and whose index is X's. Sequence output
        keeps X's container: a DataFrame indexed by (sequence id, time) already gives
        a DataFrame, a 3-D array or a list has no table form.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            Configure the output of `transform` and `fit_transform`: ``"default"``
            for arrays, ``"pandas"`` or ``"polars"`` for a DataFrame. None leaves the
            configuration unchanged.

        Returns
        -------
        self : SequenceScaler
            The estimator itself.
        """
        return super().set_output(transform=transform)

    def _wrap_2d(self, values, X):
        """A 2-D transform result in the container ``set_output`` asks for."""
        if hasattr(self, "n_timesteps_in_"):
            columns = self.get_feature_names_out
        else:  # fitted on sequences: the columns are time steps, named by X alone
            columns = X.columns if isinstance(X, pd.DataFrame) else None
        return self._as_table(values, X.index if isinstance(X, pd.DataFrame) else None,
                              columns)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
