"""`check_sequences`: validate any accepted X format and convert it to a SequenceBatch."""
import dataclasses

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._batch import SequenceBatch, pad_rows
from ._common import FORMATS, LONG_LAYOUT, as_float, assert_finite_rows, feature_names
from ._frames import frame_values, long_frame_to_batch

_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_sequences(X, *, dtype=np.float32, allow_nan=False, estimator_name=None):
    """Validate sequence input and convert it to a padded batch with explicit lengths.

    Accepted formats:

    1. ndarray of shape (n_samples, n_timesteps, n_features);
    2. ndarray of shape (n_samples, n_timesteps): univariate sequences, one per row. A
       DataFrame without a MultiIndex is read the same way (one row per sequence, one
       column per step), because scikit-learn's own checks and pandas-output pipelines
       pass such frames;
    3. a list or tuple of per-sequence arrays (ndarray, nested lists or pandas objects)
       of shape (T_i, n_features) or (T_i,) (univariate), lengths may differ. A 1-D
       object ndarray holding such arrays is read the same way. Nested plain lists that
       form a rectangular array (no ndarray inside, equal lengths) are read as that
       2-D or 3-D array, as scikit-learn reads ``X.tolist()``;
    4. a DataFrame with a 2-level MultiIndex (sequence id, time), one row per time step
       and one column per feature (a Series with that index is one feature). Rows
       need not be sorted: each sequence's rows are sorted by time. Sequences come in
       order of first appearance of their id; targets indexed by id are aligned to
       that order by `check_targets_for_sequences`.

    Parameters
    ----------
    X : array-like, list, DataFrame or SequenceBatch
        The sequences, in one of the formats above. A SequenceBatch is returned as is
        (converted to ``dtype`` if needed).
    dtype : {numpy.float32, numpy.float64}, default=numpy.float32
        dtype of the returned padded array.
    allow_nan : bool, default=False
        Accept NaN inside sequences. Infinity is always an error.
    estimator_name : str, optional
        Named in the message for sparse input.

    Returns
    -------
    batch : SequenceBatch
        ``batch.X`` of shape (n_samples, max_length, n_features), zeros past each
        length; ``batch.lengths`` of shape (n_samples,).

    Raises
    ------
    TypeError
        Sparse input; an object array holding non-numbers.
    ValueError
        Wrong number of dimensions, no sequences, a sequence with no steps, no
        features, unequal feature counts in a list, NaN or infinity (naming the
        sequence and step), non-numeric or complex data, a DataFrame whose MultiIndex
        does not have 2 levels, repeated (id, time) rows.
    """
    dtype = np.dtype(dtype)
    if dtype not in _DTYPES:
        raise ValueError(f"dtype must be numpy.float32 or numpy.float64, got {dtype}.")
    if isinstance(X, SequenceBatch):
        return X if X.dtype == dtype else dataclasses.replace(X, X=X.X.astype(dtype))
    _reject_sparse(X, "X", estimator_name)
    if isinstance(X, pd.Series):
        if X.index.nlevels != 2:
            raise ValueError(
                f"X is a pandas Series with a {X.index.nlevels}-level index; a Series "
                f"is read as one feature of sequences and needs a 2-level (sequence id, "
                f"time) MultiIndex. Otherwise pass a 2-D DataFrame or array.\n"
                f"{LONG_LAYOUT}")
        X = X.to_frame()
    if isinstance(X, pd.DataFrame):
        if isinstance(X.index, pd.MultiIndex):
            return long_frame_to_batch(X, dtype, allow_nan)
        return _wide_frame_to_batch(X, dtype, allow_nan)
    if isinstance(X, (list, tuple)):
        table = _rectangular(X)
        if table is not None:
            return _array_to_batch(table, dtype, allow_nan)
        return _list_to_batch(X, dtype, allow_nan, estimator_name)
    if _holds_arrays(X):
        return _list_to_batch(X, dtype, allow_nan, estimator_name)
    return _array_to_batch(np.asarray(X), dtype, allow_nan)


def _reject_sparse(X, where, estimator_name):
    if sp.issparse(X):
        by = f" to {estimator_name}" if estimator_name else ""
        raise TypeError(
            f"Sparse data was passed{by} for {where}, but dense data is required: "
            f"sequences are not supported as sparse matrices. Use X.toarray() to "
            f"convert to a dense numpy array.")


def _rectangular(X):
    """Nested lists of numbers as numpy reads them, or None for a list of sequences.

    scikit-learn's checks pass ``X.tolist()`` and expect it read like X, so nested plain
    lists (no arrays inside) that form a rectangular array are that array. A list that
    holds arrays, or ragged lists, is a list of sequences.
    """
    if len(X) == 0 or any(isinstance(item, (np.ndarray, pd.Series, pd.DataFrame))
                          or sp.issparse(item) for item in X):
        return None
    try:
        table = np.asarray(X)
    except ValueError:  # ragged: sequences of unequal lengths
        return None
    return None if table.ndim == 1 and table.dtype == object else table


def _holds_arrays(X):
    """True for a 1-D object ndarray of per-sequence arrays (ragged sequences)."""
    return (isinstance(X, np.ndarray) and X.dtype == object and X.ndim == 1
            and X.size > 0 and np.ndim(X[0]) >= 1)


def _dimension_error(shape):
    ndim = len(shape)
    if ndim < 2:
        what = "a scalar" if ndim == 0 else f"a 1-D array of shape {shape}"
        fix = ("Reshape your data: X.reshape(1, -1) if it is one univariate sequence, or "
               "X.reshape(-1, 1) if it is one value per sample.")
    else:
        what = f"a {ndim}-D array of shape {shape}"
        fix = ("If the trailing axes are all features of a time step, merge them: "
               "X.reshape(n_samples, n_timesteps, -1).")
    return ValueError(f"Expected a 2-D or 3-D array of sequences, got {what}. {fix} "
                      f"{FORMATS}")


def _array_to_batch(X, dtype, allow_nan, names=None, where="X"):
    """A 2-D (n_samples, n_timesteps) or 3-D (n_samples, n_timesteps, n_features)
    array: equal lengths, no padding."""
    if X.ndim not in (2, 3):
        raise _dimension_error(X.shape)
    n_samples, n_steps = X.shape[:2]
    if n_samples == 0:
        raise ValueError(f"Found array with 0 sample(s) (shape={X.shape}) while a "
                         f"minimum of 1 is required: X holds no sequences.")
    if n_steps == 0:
        if X.ndim == 2:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={X.shape}) while a minimum of 1 "
                f"is required. A 2-D X holds one univariate sequence per row and one "
                f"time step per column, so these sequences have no steps.")
        raise ValueError(f"X has 0 time steps (shape={X.shape}): every sequence needs "
                         f"at least one step.")
    if X.ndim == 3 and X.shape[2] == 0:
        raise ValueError(f"X has 0 features per time step (shape={X.shape}) while a "
                         f"minimum of 1 is required.")
    values = as_float(X, dtype, "X").reshape(n_samples, n_steps, -1)
    lengths = np.full(n_samples, n_steps, dtype=np.int64)

    def describe(sequence, step, feature):
        at = f"{sequence}, {step}" + (f", {feature}" if X.ndim == 3 else "")
        return (f"{where}[{at}] (sequence {sequence}, time step {step}"
                + (f", feature {feature})" if X.ndim == 3 else ")"))

    assert_finite_rows(values.reshape(n_samples * n_steps, -1), lengths,
                       allow_nan=allow_nan, input_name="X", describe=describe)
    return SequenceBatch(np.ascontiguousarray(values), lengths, feature_names=names,
                         input_kind="3d" if X.ndim == 3 else "2d")


def _wide_frame_to_batch(X, dtype, allow_nan):
    """A DataFrame without a MultiIndex, read like a 2-D array."""
    try:
        values = frame_values(X, dtype)
    except (TypeError, ValueError) as exc:
        raise type(exc)(
            f"{exc}\nA DataFrame without a MultiIndex is read as a 2-D array: one row "
            f"per sequence, one column per time step. If X is a long table with one row "
            f"per time step, index it by (sequence id, time), e.g. "
            f"X.set_index([\"id\", \"time\"]).") from exc
    return _array_to_batch(values, dtype, allow_nan, names=feature_names(X.columns),
                           where="X.iloc")


def _sequence_array(sequence, i, dtype, estimator_name):
    """One list element as a (T_i, n_features) float array."""
    where = f"X[{i}]"
    _reject_sparse(sequence, where, estimator_name)
    if isinstance(sequence, (pd.Series, pd.DataFrame)):
        array = frame_values(sequence, dtype, where)
    else:
        try:
            array = np.asarray(sequence)
        except ValueError as exc:  # ragged nested lists
            raise ValueError(f"{where} is not a rectangular array: {exc}") from exc
        if array.ndim == 0:
            raise ValueError(
                f"{where} is a single value, not a sequence. A list X holds one array "
                f"per sequence, of shape (T_i, n_features) or (T_i,); a flat list of "
                f"numbers is one univariate sequence: pass [X].")
        array = as_float(array, dtype, where)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(f"{where} has shape {array.shape}, but each sequence must be "
                         f"(T_i, n_features) or (T_i,).")
    if len(array) == 0:
        raise ValueError(f"{where} has 0 time steps: every sequence needs at least one "
                         f"step. Drop empty sequences, e.g. [s for s in X if len(s)].")
    return array


def _list_to_batch(X, dtype, allow_nan, estimator_name):
    """A list of (T_i, n_features) or (T_i,) sequences, lengths may differ."""
    if len(X) == 0:
        raise ValueError(f"X is an empty {type(X).__name__}: at least one sequence is "
                         f"required.")
    arrays = [_sequence_array(seq, i, dtype, estimator_name) for i, seq in enumerate(X)]
    n_features = arrays[0].shape[1]
    for i, array in enumerate(arrays):
        if array.shape[1] != n_features:
            raise ValueError(
                f"X[{i}] has {array.shape[1]} features per time step but X[0] has "
                f"{n_features}: every sequence must have the same features (columns), "
                f"only the number of steps may differ.")
    if n_features == 0:
        raise ValueError("The sequences in X have 0 features per time step while a "
                         "minimum of 1 is required.")
    lengths = np.array([len(array) for array in arrays], dtype=np.int64)
    rows = np.concatenate(arrays)

    def describe(sequence, step, feature):
        at = f"[{step}, {feature}]" if n_features > 1 else f"[{step}]"
        return (f"X[{sequence}]{at} (sequence {sequence}, time step {step}"
                + (f", feature {feature})" if n_features > 1 else ")"))

    assert_finite_rows(rows, lengths, allow_nan=allow_nan, input_name="X",
                       describe=describe)
    return SequenceBatch(pad_rows(rows, lengths, int(lengths.max())), lengths,
                         input_kind="list")
