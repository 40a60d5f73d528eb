"""Time-indexed input of the forecaster: one or many series, validated into a `Panel`.

Accepted:

* a pandas Series (one target) or DataFrame (columns: targets and covariates) indexed by
  a `DatetimeIndex`, a `PeriodIndex` or integers at a constant step (a `RangeIndex`);
* the same with a 2-level MultiIndex ``(series id, time)``: many series, each with its
  own length and start;
* a 1-D array (one series) or a 2-D array ``(n_timesteps, n_columns)``, indexed 0, 1, ...

Frequencies: a `PeriodIndex` carries its own; a `DatetimeIndex` uses its ``freq`` or
`pandas.infer_freq`; integers need one constant step. An irregular index is an error.
Rows may come in any order (each series is sorted by time); duplicate times are an error.
"""
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pandas.api.types import is_integer_dtype
from sklearn.utils import check_array

from ..._data import frame_values, label, reject_complex


@dataclass
class Panel:
    """Validated series: values per series, their time index, and how to rebuild pandas.

    Parameters
    ----------
    values : list of ndarray (T_i, n_columns), float64
    times : list of pandas.Index (T_i,)
        Each series' time index, ascending and regular.
    ids : pandas.Index or None
        Series ids (MultiIndex input), in order of first appearance; None for one series.
    columns : pandas.Index
        Column labels (``[name]`` of a Series; 0..k-1 for arrays).
    kind : {"series", "frame", "array1d", "array2d"}
        The container X came in, rebuilt on output.
    freq : pandas offset, or int (the step of an integer index)
    index_names : list
        Names of the index level(s), restored on output.
    static : ndarray (n_series, n_static) or None
        Static covariates of each series (`split_static`), raw.
    """

    values: list
    times: list
    ids: object
    columns: pd.Index
    kind: str
    freq: object
    index_names: list = field(default_factory=list)
    static: object = None

    @property
    def n_series(self):
        return len(self.values)

    @property
    def lengths(self):
        return np.array([len(v) for v in self.values])


def check_panel(X, name="X", estimator_name="RNNForecaster", freq=None):
    """Validate time-indexed input into a `Panel` (values may hold NaN; see
    `assert_no_missing`).

    With ``freq`` (the fitted frequency, for the rows to forecast) the times need not
    be consecutive: any steps on the grid may be asked for.
    """
    if isinstance(X, (pd.Series, pd.DataFrame)):
        return _panel_from_pandas(X, name, estimator_name, freq)
    if sp.issparse(X):
        check_array(X, accept_sparse=False, input_name=name)  # its standard TypeError
    if hasattr(X, "__array__") or isinstance(X, (list, tuple)):
        ndim = np.ndim(X)
        if ndim not in (1, 2):
            raise ValueError(
                f"{estimator_name} expects {name} as a 1-D array (one series) or a 2-D "
                f"array (n_timesteps, n_columns), got an array of shape {np.shape(X)}. "
                f"Several series go in a DataFrame with a (series id, time) MultiIndex.")
        kind = "array1d" if ndim == 1 else "array2d"
        reject_complex(X, name, "pass the real and imaginary parts as separate columns")
        if np.size(X) == 0:
            shape = np.shape(X)
            if ndim == 2 and shape[0]:  # scikit-learn's wording for no columns
                raise ValueError(f"{name} has 0 feature(s) (shape={shape}) while a minimum "
                                 f"of 1 is required: give at least one column.")
            raise ValueError(f"{name} is empty (shape {shape}): {estimator_name} needs "
                             f"at least one time step.")
        values = check_array(X, dtype=np.float64, ensure_2d=False, ensure_all_finite=False,
                             ensure_min_samples=0, input_name=name)
        values = values.reshape(len(values), -1)
        _check_not_empty(values, name, estimator_name)
        return Panel([values], [pd.RangeIndex(len(values))], None,
                     pd.RangeIndex(values.shape[1]), kind, 1)
    raise TypeError(f"{estimator_name} expects {name} as a pandas Series or DataFrame "
                    f"indexed by time, or a numeric array; got {type(X).__name__}.")


def _panel_from_pandas(X, name, estimator_name, known_freq):
    kind = "series" if isinstance(X, pd.Series) else "frame"
    frame = X.to_frame() if kind == "series" else X
    _check_not_empty(frame, name, estimator_name)
    values = frame_values(frame, np.dtype(np.float64), name)
    index = X.index
    if isinstance(index, pd.MultiIndex):
        if index.nlevels != 2:
            raise ValueError(
                f"{name} has a MultiIndex with {index.nlevels} levels; many series need "
                f"exactly 2: (series id, time).")
        codes, ids = pd.factorize(index.get_level_values(0), sort=False)
        level_times = index.get_level_values(1)
        parts, times = [], []
        for k in range(len(ids)):
            rows = np.flatnonzero(codes == k)
            t, order = _sorted_times(level_times[rows], name, f"series {ids[k]!r}")
            parts.append(values[rows[order]])
            times.append(t)
        if known_freq is not None:
            return Panel(parts, times, pd.Index(ids), frame.columns, kind, known_freq,
                         list(index.names))
        freqs = [_frequency(t, name, f"series {ids[k]!r}") for k, t in enumerate(times)]
        known = [f for f in freqs if f is not None]
        if not known:
            raise ValueError(f"No series of {name} has 3 or more time steps, so the "
                             f"frequency cannot be inferred; give longer series.")
        if any(_freq_str(f) != _freq_str(known[0]) for f in known):
            seen = sorted({_freq_str(f) for f in known})
            raise ValueError(f"The series of {name} have different frequencies {seen}; "
                             f"one model needs one frequency. Resample them first.")
        for k, t in enumerate(times):
            if freqs[k] is None:  # too short to infer its own: it must follow the panel's
                _check_regular(t, known[0], name, f"series {ids[k]!r}")
        return Panel(parts, times, pd.Index(ids), frame.columns, kind, known[0],
                     list(index.names))
    t, order = _sorted_times(index, name, None)
    if known_freq is not None:
        return Panel([values[order]], [t], None, frame.columns, kind, known_freq,
                     [index.name])
    freq = _frequency(t, name, None)
    if freq is None:
        raise ValueError(f"{name} has fewer than 3 time steps; the frequency cannot be "
                         f"inferred and no model can be fitted.")
    return Panel([values[order]], [t], None, frame.columns, kind, freq, [index.name])


def _check_not_empty(values, name, estimator_name):
    if len(values) == 0:
        raise ValueError(f"{name} is empty: {estimator_name} needs at least one series "
                         f"with some time steps.")
    if values.shape[1] == 0:
        raise ValueError(f"Found array with 0 feature(s) (shape={values.shape}) while a "
                         f"minimum of 1 is required: {name} has no column to forecast.")


def _sorted_times(index, name, where):
    if not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)) and not \
            is_integer_dtype(index.dtype):
        raise TypeError(
            f"The time index of {name} must be a DatetimeIndex, a PeriodIndex or "
            f"integers; got {type(index).__name__} of dtype {index.dtype}. Set a time "
            f"column as the index, e.g. X.set_index(pd.to_datetime(X['date'])).")
    order = np.argsort(np.asarray(index), kind="stable")
    index = index[order]
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        of = f" of {where}" if where else ""
        raise ValueError(f"The time index{of} of {name} has duplicate times (first: "
                         f"{dup}); give one row per time step.")
    return index, order


def _frequency(index, name, where):
    """The index's frequency; None when it is too short to tell (under 3 steps)."""
    of = f" of {where}" if where else ""
    if isinstance(index, pd.PeriodIndex):
        expected = pd.period_range(index[0], periods=len(index), freq=index.freq)
        if not index.equals(expected):
            raise ValueError(_irregular(name, of, _first_gap(index, expected)))
        return index.freq
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq
        if freq is None:
            if len(index) < 3:
                return None
            with warnings.catch_warnings():  # pandas 3 announces an offset return type
                warnings.simplefilter("ignore")
                inferred = pd.infer_freq(index)
            if inferred is None:
                raise ValueError(_irregular(name, of, _first_gap(index, None)))
            freq = pd.tseries.frequencies.to_offset(inferred)
        return freq
    values = np.asarray(index, dtype=np.int64)
    if len(values) < 2:
        return None
    steps = np.diff(values)
    if np.any(steps != steps[0]):
        raise ValueError(_irregular(name, of, f"step {steps[0]} then "
                                              f"{steps[np.argmax(steps != steps[0])]}"))
    return int(steps[0])


def _check_regular(index, freq, name, where):
    """Raise unless ``index`` steps by the panel's ``freq`` (a series too short to
    infer a frequency of its own)."""
    if len(index) < 2:
        return
    if isinstance(index, pd.DatetimeIndex):
        expected = pd.date_range(index[0], periods=len(index), freq=freq)
    elif isinstance(freq, int):
        expected = pd.Index(np.asarray(index[0]) + freq * np.arange(len(index)))
    else:
        return  # a PeriodIndex carries and checks its own frequency
    if not np.array_equal(np.asarray(index), np.asarray(expected)):
        raise ValueError(_irregular(name, f" of {where}", _first_gap(index, expected)))


def _first_gap(index, expected):
    if expected is not None:
        bad = int(np.argmax(np.asarray(index) != np.asarray(expected)))
        return f"expected {expected[bad]} after {index[bad - 1]}, found {index[bad]}"
    gaps = np.diff(index.asi8)
    bad = int(np.argmax(gaps != gaps[0])) + 1
    return f"{index[bad - 1]} is followed by {index[bad]}"


def _irregular(name, of, detail):
    return (f"The time index{of} of {name} is irregular ({detail}); a forecaster needs "
            f"equally spaced steps. Resample to a regular frequency, e.g. "
            f"X.resample('D').mean().interpolate() or X.asfreq('MS').")


def _freq_str(freq):
    return freq if isinstance(freq, int) else freq.freqstr


def future_times(last, freq, n):
    """The ``n`` time stamps after ``last``, on the frequency ``freq``."""
    if isinstance(freq, int):
        return pd.Index(last + freq * np.arange(1, n + 1), dtype=np.int64)
    if isinstance(last, pd.Period):
        return pd.period_range(last + 1, periods=n, freq=freq)
    return pd.date_range(last, periods=n + 1, freq=freq)[1:]


def steps_after(last, freq, times):
    """Position (1, 2, ...) of each time in ``times`` after ``last`` on the grid of
    ``freq``; 0 or less for times at or before ``last``, -1 for times off the grid.

    Returns
    -------
    steps : ndarray (len(times),) int64
    """
    if isinstance(freq, int):
        delta = np.asarray(times, dtype=np.int64) - last
        steps = delta // freq
        steps[delta % freq != 0] = -1
        return steps
    if isinstance(last, pd.Period):  # same frequency (checked): ordinals count steps
        return np.asarray(times.asi8, dtype=np.int64) - last.ordinal
    times = pd.DatetimeIndex(times)
    n = 1
    while True:  # grow a grid until it covers the latest time (offsets vary in length)
        grid = future_times(last, freq, n)
        if grid[-1] >= times.max():
            break
        n *= 2
    full = grid.append(pd.DatetimeIndex([last])).sort_values()  # position 0 = last
    steps = full.get_indexer(times).astype(np.int64)
    steps[(steps < 0) & (times <= last)] = 0
    return steps


def assert_no_missing(panel, columns, name="X", what="target", allow_nan=False):
    """Raise on NaN/inf in ``columns`` (positions into panel.columns), naming where;
    with ``allow_nan``, on infinity only (NaN is a gap the caller masks)."""
    for k, values in enumerate(panel.values):
        block = values[:, columns]
        bad = np.isinf(block) if allow_nan else ~np.isfinite(block)
        if bad.any():
            rows, cols = np.nonzero(bad)
            where = [f"{_series_label(panel, k)}{panel.times[k][r]} "
                     f"({label(panel.columns[columns[c]])})"
                     for r, c in zip(rows[:5], cols[:5])]
            more = f" and {bad.sum() - 5} more" if bad.sum() > 5 else ""
            if allow_nan:
                kind, fix = "infinite", ("Replace them, or make them gaps with "
                                         "X.replace([np.inf, -np.inf], np.nan).")
            else:
                kind, fix = "missing or infinite", (
                    "Fill them first, e.g. with X.interpolate(limit_direction='both') "
                    "or X.ffill(), or drop the rows before the first observation.")
            raise ValueError(f"{name} has {int(bad.sum())} {kind} {what} value(s), at "
                             f"{', '.join(where)}{more}. {fix}")


def drop_columns(panel, names):
    """The panel without the columns ``names`` (those it has)."""
    keep = ~panel.columns.isin(names)
    return replace(panel, values=[v[:, keep] for v in panel.values],
                   columns=panel.columns[keep])


def split_static(panel, names, name="X"):
    """The panel without its columns ``names``, which hold each series' static
    covariates: constant within every series (an error names the first series where
    one is not) and finite; they go to ``panel.static`` (n_series, len(names))."""
    positions = []
    for column in names:
        hits = np.flatnonzero(panel.columns == column)
        if len(hits) != 1:
            raise ValueError(f"static_features names column {label(column)}, which "
                             f"{name} does not have ({name}'s columns: "
                             f"{[label(c) for c in panel.columns]}).")
        positions.append(int(hits[0]))
    keep = np.setdiff1d(np.arange(panel.columns.size), positions)
    rows = []
    for k, v in enumerate(panel.values):
        block = v[:, positions]
        if not np.isfinite(block).all():
            where = "the series" if panel.ids is None else f"series {label(panel.ids[k])}"
            raise ValueError(f"{name} has a missing or infinite static covariate in "
                             f"{where}; static_features must be known for every series.")
        varying = (block != block[:1]).any(axis=0)
        if varying.any():
            where = "the series" if panel.ids is None else f"series {label(panel.ids[k])}"
            raise ValueError(f"Static covariate {label(names[int(np.argmax(varying))])} "
                             f"varies within {where}: a static covariate has one value "
                             f"per series. Name it in past_covariates or "
                             f"future_covariates instead.")
        rows.append(block[0])
    return replace(panel, values=[v[:, keep] for v in panel.values],
                   columns=panel.columns[keep], static=np.array(rows))


def fill_missing_targets(panel, columns, name="X"):
    """``missing="mask"``: the panel with its missing (NaN) targets filled by linear
    interpolation in time (the nearest observation before the first or after the last
    one), and per series a bool array (T_k,), True where every target is observed.
    Infinity stays an error; so does a series without any observation."""
    assert_no_missing(panel, columns, name, "target", allow_nan=True)
    values, observed = [], []
    for k, v in enumerate(panel.values):
        block = v[:, columns]
        seen = ~np.isnan(block)
        observed.append(seen.all(axis=1))
        if seen.all():
            values.append(v)
            continue
        if not seen.any(axis=0).all():
            where = "the series" if panel.ids is None else f"series {label(panel.ids[k])}"
            raise ValueError(f"{name} has no observed value of some target in {where}: "
                             f"a forecaster needs at least one observation of every "
                             f"target.")
        filled = v.copy()
        steps = np.arange(len(v))
        for j, column in enumerate(columns):
            known = seen[:, j]
            filled[:, column] = np.interp(steps, steps[known], block[known, j])
        values.append(filled)
    return replace(panel, values=values), observed


def _series_label(panel, k):
    return "" if panel.ids is None else f"series {panel.ids[k]!r}, time "

