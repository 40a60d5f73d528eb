"""Static (per-sequence, time-invariant) inputs: validated, one row per sequence.

They come either as an array ``static`` (n_samples, n_static) in X's sequence order, or
as columns of an ``(id, time)`` DataFrame X named in ``static_features``, which must be
constant within each sequence (they are taken out of X's per-step features).
"""
import numpy as np
import pandas as pd
from sklearn.utils import check_array

from ._common import label


def check_static(static, n_samples, *, name="static"):
    """``static`` as a finite float64 array (n_samples, n_static)."""
    if isinstance(static, pd.Series):
        static = static.to_frame()
    array = np.asarray(static) if not isinstance(static, pd.DataFrame) else static
    if np.ndim(array) != 2:
        raise ValueError(f"{name} must be 2-D, (n_samples, n_static): one row of "
                         f"static features per sequence; got shape {np.shape(array)}. "
                         f"Reshape one feature with {name}.reshape(-1, 1).")
    values = check_array(static, dtype=np.float64, input_name=name,
                         ensure_min_samples=0)
    if values.shape[0] != n_samples:
        raise ValueError(f"X has {n_samples} sequences but {name} has "
                         f"{values.shape[0]} rows: give one row of static features per "
                         f"sequence, in X's order.")
    if values.shape[1] == 0:
        raise ValueError(f"{name} has no columns: give at least one static feature, or "
                         f"static=None.")
    return values


def static_columns(X, names):
    """Split the columns ``names`` out of the ``(id, time)`` DataFrame ``X``: the frame
    of the other columns, and the static values (n_sequences, len(names)) in order of
    first appearance of the ids (X's sequence order)."""
    names = list(names)
    if not (isinstance(X, pd.DataFrame) and X.index.nlevels == 2):
        raise ValueError(f"static_features={names!r} names columns of a DataFrame X "
                         f"indexed by (sequence id, time); X is a "
                         f"{type(X).__name__}. Pass static=<array (n_samples, n_static)> "
                         f"to fit and predict instead.")
    missing = [column for column in names if column not in X.columns]
    if missing:
        raise ValueError(f"static_features names columns that X does not have: "
                         f"{missing!r}; X's columns are {list(X.columns)!r}.")
    if len(names) == len(X.columns):
        raise ValueError("static_features names every column of X: keep at least one "
                         "per-step feature for the network to read.")
    grouped = X[names].groupby(level=0, sort=False)
    varying = grouped.nunique(dropna=False) > 1
    if varying.to_numpy().any():
        seq, column = next((seq, column) for seq, row in varying.iterrows()
                           for column, bad in row.items() if bad)
        raise ValueError(f"Static feature {label(column)} varies within sequence "
                         f"{label(seq)}: a static feature has one value per sequence. "
                         f"Drop it from static_features to read it step by step.")
    values = check_array(grouped.first(), dtype=np.float64,
                         input_name="static_features", ensure_min_samples=0)
    return X.drop(columns=names), values
