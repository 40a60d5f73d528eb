"""Shared loading code for the bundled forecasting sets: one stored file -> a time-indexed Series.

A stored file holds the values of one or more regular series, concatenated, with what is
needed to rebuild each series' time index: its first period or time stamp, its length and
the common frequency. Nothing about the index is stored as pickled pandas objects, so the
files read with ``allow_pickle=False`` under any pandas version skrnn supports.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ._base import DATA_DIR, SPLITS, _wrap, check_loader_flags, read_stored

FORECASTING_DIR = DATA_DIR / "forecasting"

# How a stored index is rebuilt: time_kind -> range constructor.
_RANGES = {"period": pd.period_range, "timestamp": pd.date_range}


@dataclass(frozen=True)
class SeriesSpec:
    """What the forecasting loaders need to know about one bundled set beyond its arrays."""

    name: str                 # file stem and DESCR title
    value_name: str           # name of the returned Series (and of the frame's column)
    time_name: str            # name of the time index level
    frequency: str            # in words, for DESCR ("monthly")
    units: str                # what one value measures
    summary: str              # what the data are
    n_test: int               # length of the conventional holdout, per series
    holdout: str              # why that holdout
    citations: tuple          # full references, original source first
    url: str = ""             # the data's documentation page
    seasonal_periods: tuple = ()  # seasonal periods in steps, for seasonal models
    reference_results: str = ""   # published figures, or ones computed on this copy
    notes: str = ""           # irregularities of the original and how they were handled

    @property
    def filename(self):
        """Name of the stored file under ``data/forecasting/``."""
        return f"{self.name}.npz"

    @property
    def path(self):
        """Full path of the stored file."""
        return FORECASTING_DIR / self.filename


def time_range(stored, start, periods):
    """The regular time index of ``periods`` steps from ``start`` at the stored frequency."""
    return _RANGES[str(stored["time_kind"])](start, periods=periods, freq=str(stored["freq"]))


def _window(split, length, n_test):
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    lo = length - n_test if split == "test" else 0
    hi = length - n_test if split == "train" else length
    return lo, hi


def _span(index):
    return f"{index[0]}..{index[-1]}"


def _describe(spec, stored, split, n_values):
    lengths = stored["lengths"]
    panel = "series_names" in stored
    ranges = [time_range(stored, str(start), int(t))
              for start, t in zip(stored["starts"], lengths)]
    kind = type(ranges[0]).__name__
    n = int(lengths.sum())
    if panel:
        names = [str(s) for s in stored["series_names"]]
        equal = "equal lengths" if len(set(lengths.tolist())) == 1 else "different lengths"
        shape = (f"{len(names)} series of {equal}, {n} values in all: "
                 + "; ".join(f"{name} {_span(r)} ({r.size})" for name, r in zip(names, ranges)))
    else:
        shape = f"{_span(ranges[0])}, {n} values"
    fields = [
        ("Task", "forecasting, " + ("several related series (panel)" if panel
                                    else "one univariate series")),
        ("Frequency", f"{spec.frequency} ({kind}, freq {str(stored['freq'])!r}), "
                      "regular, no gaps"),
        ("Span", shape),
        ("Values", f"{spec.value_name}: {spec.units}; float64, no missing values"),
    ]
    if spec.seasonal_periods:
        fields.append(("Seasonal periods", ", ".join(map(str, spec.seasonal_periods))))
    fields.append(("Holdout", f"split='test' is the last {spec.n_test} values of "
                              f"{'each' if panel else 'the'} series, split='train' the "
                              f"values before them: {spec.holdout}"))
    what = ("a float64 pandas Series with a (series, "
            f"{spec.time_name}) MultiIndex" if panel else
            f"a float64 pandas Series indexed by a {kind}")
    fields.append(("This split", f"{split!r}: data is {what} (as_frame=True, the "
                                 f"default), {n_values} values"))

    lines = [spec.name, "=" * len(spec.name), ""]
    lines += [_wrap(f"{name}: {text}", ":") for name, text in fields]
    lines += ["", _wrap(spec.summary), ""]
    if spec.reference_results:
        lines += ["Reference results", "-----------------", _wrap(spec.reference_results), ""]
    if spec.notes:
        lines += ["Notes", "-----", _wrap(spec.notes), ""]
    lines += ["Source", "------",
              _wrap(f"Converted from {stored['source_file']} in the {stored['origin']} by "
                    f"skrnn.datasets._convert_forecasting (see "
                    f"data/forecasting/SOURCES.md).")]
    if spec.url:
        lines.append(f"Documentation: {spec.url}")
    lines += ["", "Citation", "--------"]
    lines += [_wrap(ref, "- ") for ref in spec.citations]
    return "\n".join(lines) + "\n"


def load_series(spec, *, split="all", return_X_y=False, as_frame="auto"):
    """Read one bundled forecasting set and return the requested part of it.

    Parameters
    ----------
    spec : SeriesSpec
        The set to load.
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is the last ``spec.n_test`` values of every series, ``"train"`` the
        values before them, ``"all"`` both.
    return_X_y : bool, default=False
        If True, return ``(X, None)``: the series is what `RNNForecaster.fit` takes as
        ``X``, and no set has a separate target.
    as_frame : bool or "auto", default="auto"
        True or "auto": pandas, on the series' time index; False: plain float64 arrays,
        ``(n_values,)`` for one series and a list of them for a panel.

    Returns
    -------
    Bunch or tuple
        See the public loaders in :mod:`skrnn.datasets`. ``data`` is a float64 pandas
        Series indexed by time (one series) or by a ``(series, time)`` MultiIndex (a panel,
        series in stored order, time ascending within each).
    """
    check_loader_flags(return_X_y, as_frame)
    stored = read_stored(spec.path)
    lengths = stored["lengths"].astype(np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    values, times, is_test = [], [], []
    for k, (start, length) in enumerate(zip(stored["starts"], lengths)):
        lo, hi = _window(split, int(length), spec.n_test)
        # Slicing a full range keeps the index's freq, which a boolean mask would drop.
        times.append(time_range(stored, str(start), int(length))[lo:hi])
        values.append(stored["values"][offsets[k] + lo:offsets[k] + hi])
        is_test.append(np.arange(lo, hi) >= length - spec.n_test)
    panel = "series_names" in stored
    if as_frame is False:
        data = [v.copy() for v in values] if panel else values[0].copy()
        frame = None
    else:
        if panel:
            labels = np.repeat([str(s) for s in stored["series_names"]],
                               [t.size for t in times])
            time_index = times[0].append(times[1:]) if len(times) > 1 else times[0]
            index = pd.MultiIndex.from_arrays([labels, time_index],
                                              names=["series", spec.time_name])
        else:
            index = times[0].rename(spec.time_name)
        data = pd.Series(np.concatenate(values), index=index, name=spec.value_name)
        frame = data.to_frame()
    if return_X_y:
        return data, None
    return Bunch(
        data=data,
        frame=frame,
        is_test=np.concatenate(is_test),
        n_test=spec.n_test,
        freq=str(stored["freq"]),
        seasonal_periods=list(spec.seasonal_periods),
        DESCR=_describe(spec, stored, split, sum(v.size for v in values)),
        filename=str(stored["path"]),
    )
