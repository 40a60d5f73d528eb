"""pandas input: the long (sequence id, time) layout, and numeric conversion of frames.

Sequences come out in order of first appearance of their id in the frame (not sorted by
id: ids of mixed types need not be comparable, and predictions then follow the rows as
the user wrote them). Within a sequence, rows are sorted by the time level, so the frame
need not be sorted. Targets indexed by id are aligned to this order (see ``_targets``).
"""
import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype
from sklearn.utils import check_array

from ._batch import SequenceBatch, pad_rows
from ._common import (LONG_LAYOUT, assert_finite_rows, feature_names, label,
                      complex_error, short)


def frame_values(frame, dtype, where="X"):
    """The values of a DataFrame or Series as a float array.

    Uses `sklearn.utils.check_array`, which knows pandas' extension dtypes (nullable
    integers and floats become NaN where missing) and refuses complex data.

    Parameters
    ----------
    frame : pandas.DataFrame of shape (n_rows, n_columns) or pandas.Series (n_rows,)
    dtype : numpy.dtype
        float32 or float64.
    where : str
        How to name ``frame`` in messages.

    Returns
    -------
    values : ndarray of shape (n_rows, n_columns) or (n_rows,), dtype ``dtype``
    """
    columns = list(frame.dtypes.items()) if isinstance(frame, pd.DataFrame) else [
        (frame.name, frame.dtype)]
    complex_ = [label(name) for name, dt in columns if dt.kind == "c"]
    if complex_:
        raise complex_error(f"{where} (column(s): {', '.join(complex_[:5])})",
                            "pass the real and imaginary parts as separate columns")
    try:
        return check_array(frame, dtype=dtype, ensure_2d=False, ensure_all_finite=False,
                           ensure_min_samples=0, ensure_min_features=0, input_name=where)
    except (TypeError, ValueError) as exc:
        bad = [label(name) for name, dt in columns if not is_numeric_dtype(dt)]
        which = f" (non-numeric column(s): {', '.join(bad[:5])})" if bad else ""
        raise type(exc)(
            f"{where} must hold numbers only{which}; it could not be converted to "
            f"{dtype.name}: {short(exc)}. Encode categorical or text columns as "
            f"numbers, and keep sequence ids and times in the index, not in columns."
        ) from exc



def _first_row(flags):
    return int(np.argmax(flags))


def long_frame_to_batch(X, dtype, allow_nan):
    """Convert a DataFrame indexed by (sequence id, time) into a `SequenceBatch`.

    Parameters
    ----------
    X : pandas.DataFrame of shape (n_rows, n_features)
        One row per time step, with a 2-level MultiIndex (sequence id, time). Rows may
        come in any order.
    dtype : numpy.dtype
        float32 or float64.
    allow_nan : bool

    Returns
    -------
    batch : SequenceBatch
        ``input_kind="pandas"``, with ``ids``, ``row_index`` and (for string column
        names) ``feature_names`` set.
    """
    index = X.index
    if index.nlevels != 2:
        raise ValueError(
            f"X has a MultiIndex with {index.nlevels} level(s) {list(index.names)}, "
            f"but exactly 2 are needed: (sequence id, time).\n{LONG_LAYOUT}")
    if len(X) == 0:
        raise ValueError(f"X is an empty DataFrame: at least one sequence is required."
                         f"\n{LONG_LAYOUT}")
    if X.shape[1] == 0:
        raise ValueError(f"X has 0 feature columns (shape={X.shape}) while a minimum "
                         f"of 1 is required.\n{LONG_LAYOUT}")

    id_codes, ids = pd.factorize(index.get_level_values(0), sort=False)
    try:
        time_codes, _ = pd.factorize(index.get_level_values(1), sort=True)
    except TypeError as exc:
        raise TypeError(
            f"The time level of X's index cannot be sorted ({exc}). Use one comparable "
            f"type for times, e.g. integers or timestamps.") from exc
    for level, codes in (("sequence id", id_codes), ("time", time_codes)):
        if (codes < 0).any():
            row = _first_row(codes < 0)
            raise ValueError(
                f"X's index has a missing {level} at row {row} ({index[row]}): every "
                f"row needs a sequence id and a time.")

    order = np.lexsort((time_codes, id_codes))  # by id (first appearance), then time
    id_sorted, time_sorted = id_codes[order], time_codes[order]
    repeated = (id_sorted[1:] == id_sorted[:-1]) & (time_sorted[1:] == time_sorted[:-1])
    if repeated.any():
        seq_id, time = index[order[_first_row(repeated) + 1]]
        raise ValueError(
            f"X has more than one row for sequence {label(seq_id)} at time "
            f"{label(time)}: each (sequence id, time) pair must appear once. Aggregate "
            f"repeated rows first, e.g. X.groupby(level=[0, 1]).mean().")

    rows = frame_values(X, dtype)[order]
    row_index = index[order]
    lengths = np.bincount(id_codes, minlength=len(ids)).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    columns = X.columns

    def describe(sequence, step, column):
        seq_id, time = row_index[starts[sequence] + step]
        return (f"sequence {label(seq_id)}, time {label(time)}, column "
                f"{label(columns[column])}")

    assert_finite_rows(rows, lengths, allow_nan=allow_nan, input_name="X",
                       describe=describe)
    return SequenceBatch(
        pad_rows(rows, lengths, int(lengths.max())), lengths,
        ids=ids.rename(index.names[0]), feature_names=feature_names(columns),
        input_kind="pandas", row_index=row_index)
