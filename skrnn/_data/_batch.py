"""The validated form of X: a padded array plus explicit lengths.

Also the two small array helpers every converter shares: the boolean step mask of a
padded batch, and scattering rows stored sequence after sequence ("flat rows") into a
padded array.
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

INPUT_KINDS = ("3d", "2d", "list", "pandas")


def step_mask(lengths, max_length):
    """Boolean mask of the real (non-padding) steps of a padded batch.

    Parameters
    ----------
    lengths : ndarray of shape (n_samples,)
        Length of each sequence.
    max_length : int
        Padded length ``T_max``.

    Returns
    -------
    mask : ndarray of shape (n_samples, max_length), dtype bool
        ``mask[i, t]`` is True for ``t < lengths[i]``.
    """
    return np.arange(max_length)[None, :] < np.asarray(lengths)[:, None]


def pad_rows(rows, lengths, max_length, fill_dtype=None):
    """Scatter flat rows into a zero-padded batch-major array.

    Parameters
    ----------
    rows : ndarray of shape (sum(lengths),) or (sum(lengths), n_columns)
        The steps of sequence 0 in time order, then those of sequence 1, and so on.
    lengths : ndarray of shape (n_samples,)
        Length of each sequence.
    max_length : int
        Padded length ``T_max >= max(lengths)``.
    fill_dtype : dtype, optional
        dtype of the result; ``rows.dtype`` by default.

    Returns
    -------
    padded : ndarray of shape (n_samples, max_length) + rows.shape[1:]
        C-contiguous; ``padded[i, :lengths[i]]`` holds sequence ``i`` and the rest is
        zero (empty strings for string arrays).
    """
    dtype = rows.dtype if fill_dtype is None else fill_dtype
    padded = np.zeros((len(lengths), max_length) + rows.shape[1:], dtype=dtype)
    # Boolean assignment fills the True cells in C order: sequence by sequence, step by
    # step, which is exactly the order of the flat rows.
    padded[step_mask(lengths, max_length)] = rows
    return padded


def locate_row(lengths, row):
    """Sequence and step of a flat row.

    Parameters
    ----------
    lengths : ndarray of shape (n_samples,)
    row : int
        Position in the flat rows (see `pad_rows`).

    Returns
    -------
    sequence, step : int
    """
    ends = np.cumsum(lengths)
    sequence = int(np.searchsorted(ends, row, side="right"))
    return sequence, int(row - (ends[sequence] - lengths[sequence]))


def _frozen(array):
    """A read-only view of ``array`` (the caller's array itself is left writeable)."""
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True, eq=False, repr=False)
class SequenceBatch:
    """A validated batch of sequences: padded values and their lengths.

    Built by `check_sequences`; estimators read it, never the raw X. Padding is not a
    data marker: only ``X[i, :lengths[i]]`` is data, whatever the values past it.

    Parameters
    ----------
    X : ndarray of shape (n_samples, max_length, n_features)
        float32 or float64, C-contiguous, zeros past each sequence's length. Stored
        read-only; it may share memory with the caller's array when no conversion was
        needed (equal-length 3-D input of the right dtype).
    lengths : ndarray of shape (n_samples,), dtype int64
        Number of real steps of each sequence, each in ``1 .. max_length``.
    ids : pandas.Index of shape (n_samples,) or None
        Sequence ids, for input given as a DataFrame with a (sequence id, time)
        MultiIndex, in order of first appearance in that frame. None otherwise.
    feature_names : ndarray of shape (n_columns,), dtype object, or None
        Column names of DataFrame input when all of them are strings, else None. For a
        long (id, time) frame these name the features (``n_columns == n_features``); for
        a wide frame read as 2-D input they name the time steps.
    input_kind : {"3d", "2d", "list", "pandas"}
        How X was given. "2d" is a 2-D array or a DataFrame without a MultiIndex (one row
        per sequence, one column per time step, one feature).
    row_index : pandas.MultiIndex of shape (sum(lengths),) or None
        For "pandas" input, the (id, time) index of X's rows in batch order: sequence by
        sequence as in ``ids``, time ascending within each. Used to align per-step
        targets. None otherwise.
    """

    X: np.ndarray
    lengths: np.ndarray
    ids: Optional[pd.Index] = None
    feature_names: Optional[np.ndarray] = None
    input_kind: str = "3d"
    row_index: Optional[pd.MultiIndex] = None

    def __post_init__(self):
        X = self.X
        lengths = np.asarray(self.lengths, dtype=np.int64)
        if X.ndim != 3 or X.dtype not in (np.float32, np.float64):
            raise ValueError(
                f"SequenceBatch.X must be a 3-D float32 or float64 array, got a "
                f"{X.ndim}-D {X.dtype} array.")
        if lengths.shape != (X.shape[0],) or (
                lengths.size and (lengths.min() < 1 or lengths.max() > X.shape[1])):
            raise ValueError(
                f"SequenceBatch.lengths must hold one length in 1..{X.shape[1]} per "
                f"sequence ({X.shape[0]}), got {lengths!r}.")
        if self.input_kind not in INPUT_KINDS:
            raise ValueError(f"input_kind must be one of {INPUT_KINDS}, "
                             f"got {self.input_kind!r}.")
        object.__setattr__(self, "X", _frozen(np.ascontiguousarray(X)))
        object.__setattr__(self, "lengths", _frozen(lengths))
        if self.feature_names is not None:
            object.__setattr__(self, "feature_names", _frozen(self.feature_names))

    @property
    def n_samples(self):
        """int: number of sequences."""
        return self.X.shape[0]

    @property
    def max_length(self):
        """int: padded length ``T_max`` (`check_sequences` makes it the longest length)."""
        return self.X.shape[1]

    @property
    def n_features(self):
        """int: number of features (channels) at each time step."""
        return self.X.shape[2]

    @property
    def equal_lengths(self):
        """bool: True when every sequence has ``max_length`` steps (no padding)."""
        return bool(np.all(self.lengths == self.max_length))

    @property
    def dtype(self):
        """numpy.dtype: float32 or float64."""
        return self.X.dtype

    def __repr__(self):
        return (f"SequenceBatch(n_samples={self.n_samples}, "
                f"max_length={self.max_length}, n_features={self.n_features}, "
                f"dtype={self.dtype.name}, input_kind={self.input_kind!r}, "
                f"equal_lengths={self.equal_lengths})")
