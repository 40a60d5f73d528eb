"""Pieces shared by the X and y converters: format help texts, numeric conversion, and
the NaN/inf check that names the sequence and step it found."""
import numpy as np
import pandas as pd

from ._batch import locate_row

FORMATS = (
    "X must be sequences, given as one of: a 3-D array (n_samples, n_timesteps, "
    "n_features); a 2-D array (n_samples, n_timesteps) of univariate sequences; a list "
    "of (T_i, n_features) or (T_i,) arrays, whose lengths T_i may differ; a DataFrame "
    "with a 2-level (sequence id, time) MultiIndex, one row per time step and one "
    "column per feature.")

LONG_LAYOUT = """\
Expected a DataFrame with a 2-level MultiIndex (sequence id, time), one row per time \
step and one column per feature, for example:

             temp  humidity
    id time
    a  0      1.0       0.3
       1      1.5       0.2
    b  0      0.7       0.9

Build it from a long table with X.set_index(["id", "time"])."""

_KINDS = {"U": "strings", "S": "bytes", "M": "datetimes", "m": "timedeltas",
          "V": "raw records"}


def as_float(array, dtype, where="X"):
    """Convert a numeric ndarray to ``dtype``, with an error naming what is wrong.

    Parameters
    ----------
    array : ndarray of any shape
    dtype : numpy.dtype
        float32 or float64.
    where : str
        How to name ``array`` in messages, e.g. "X" or "X[3]".

    Returns
    -------
    converted : ndarray of the same shape, dtype ``dtype``
        ``array`` itself when no conversion is needed.

    Raises
    ------
    ValueError
        Complex or non-numeric (strings, datetimes) data.
    TypeError
        An object array holding something that is not a number (numpy's own message
        is kept, as scikit-learn's checks expect).
    """
    kind = array.dtype.kind
    if kind in "biuf":
        return array.astype(dtype, copy=False)
    if kind == "c":
        reject_complex(array, where, "pass the real and imaginary parts as separate features")
    if kind == "O":
        try:
            return array.astype(dtype)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"{where} must hold numbers only, but it could not be converted to "
                f"{dtype.name}: {short(exc)}. Encode categorical or text features as numbers "
                f"first.") from exc
    raise ValueError(
        f"{where} must hold numbers only, got {_KINDS.get(kind, 'non-numeric data')} "
        f"(dtype {array.dtype}). Convert them to numeric features first.")


def feature_names(columns):
    """Column names as an object array when all are strings (sklearn's rule), else None.

    Parameters
    ----------
    columns : pandas.Index

    Returns
    -------
    names : ndarray of shape (len(columns),), dtype object, or None
    """
    if len(columns) and all(isinstance(name, str) for name in columns):
        return np.asarray(list(columns), dtype=object)
    return None


def label(value):
    """A sequence id or time label as it reads best in a message."""
    return repr(value) if isinstance(value, str) else str(value)


def assert_finite_rows(rows, lengths, *, allow_nan, input_name, describe):
    """Raise if flat rows hold NaN (unless allowed) or infinity, naming the first one.

    Parameters
    ----------
    rows : ndarray of shape (sum(lengths),) or (sum(lengths), n_columns)
        Steps stored sequence after sequence (see `pad_rows`). Integer and boolean
        rows are finite by construction; object rows are checked for missing values
        (None, NaN, pandas.NA).
    lengths : ndarray of shape (n_samples,)
    allow_nan : bool
        Accept NaN (infinity is always an error).
    input_name : {"X", "y"}
    describe : callable ``(sequence, step, column) -> str``
        Says where a value is, e.g. ``"X[3, 5, 0]"``.

    Raises
    ------
    ValueError
        Naming the kind of value (NaN or infinity), where the first one is, and how
        many there are.
    """
    kind = rows.dtype.kind
    if kind == "O":
        bad = np.asarray(pd.isna(rows))
    elif kind == "f":
        # A finite sum proves every value finite without a full-size temporary.
        if np.isfinite(np.sum(rows, dtype=np.float64)):
            return
        bad = np.isinf(rows) if allow_nan else ~np.isfinite(rows)
    else:
        return
    if not bad.any():
        return
    bad = bad.reshape(len(rows), -1)
    row = int(np.argmax(bad.any(axis=1)))
    column = int(np.argmax(bad[row]))
    value = rows.reshape(len(rows), -1)[row, column]
    sequence, step = locate_row(lengths, row)
    if kind != "O" and np.isinf(value):
        what, fix = "infinity", "Replace or clip infinite values first."
    else:
        what = "NaN"
        fix = ("Missing values are never treated as padding: impute them first, for "
               "example with pandas.DataFrame.interpolate within each sequence or "
               "sklearn.impute.SimpleImputer"
               + (", or drop the sequences that hold them." if input_name == "X"
                  else ", or drop those targets."))
    counted = "infinite" if allow_nan and kind != "O" else "NaN or infinite"
    raise ValueError(
        f"Input {input_name} contains {what} at {describe(sequence, step, column)}; "
        f"{int(bad.sum())} value(s) of {input_name} are {counted}. {fix}")


def reject_complex(values, where, fix="pass the real and imaginary parts separately"):
    """Raise scikit-learn's "Complex data not supported" (without its dump of the data)
    when array-like ``values`` hold complex numbers; ragged lists, which are not one
    array, are checked element by element elsewhere."""
    try:
        kind = np.asarray(values).dtype.kind
    except (TypeError, ValueError):
        return
    if kind == "c":
        raise complex_error(where, fix)


def complex_error(where, fix="pass the real and imaginary parts separately"):
    """The ValueError of `reject_complex`."""
    return ValueError(f"Complex data not supported: {where} holds complex numbers; {fix}.")


def short(exc, limit=120):
    """The first line of an exception's message, at most ``limit`` characters: never a
    dump of the user's data."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= limit else text[:limit - 3] + "..."
