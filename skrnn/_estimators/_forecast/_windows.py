"""Training samples of the forecaster: scaled series cut into windows.

Each series is a matrix of scaled columns: targets ``Z`` (T, n_t), past-only covariates
``P`` (T, n_p) and future-known features ``F`` (T, n_f) (covariates, then calendar).

Recursive strategy (a one-step model, teacher forced). The input at step t is what is
known when y[t] is forecast, ``[Z[t-1], P[t-1], F[t]]``; its targets are
``[Z[t], P[t]]`` (past-only covariates are forecast too, so that a free run can feed
them back). A window is ``lookback`` consecutive steps, with a target at every step.

Direct strategy (a many-to-one model with a ``horizon``-wide head). A sample forecast
from origin o (the first unknown step) reads the ``lookback`` observed steps
``[Z[t], P[t], F[t], 1]`` for t in o-lookback..o-1, then, when there are future-known
features, the ``horizon`` steps ahead as ``[0, 0, F[t], 0]`` (the last column flags
observed steps). Its target is ``Z[o:o+horizon]``, flattened step by step.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..._data import pad_rows


def recursive_inputs(Z, P, F):
    """Inputs and targets of every step 1..T-1 of one series.

    Returns
    -------
    inputs : ndarray (T-1, n_t + n_p + n_f)
    targets : ndarray (T-1, n_t + n_p)
    """
    inputs = np.hstack([Z[:-1], P[:-1], F[1:]])
    return inputs, np.hstack([Z[1:], P[1:]])


def recursive_windows(series, lookback):
    """Windows of ``lookback`` steps of every series (a shorter series: one window).

    Parameters
    ----------
    series : list of (Z, P, F)
    lookback : int

    Returns
    -------
    X : ndarray (n_windows, L, n_in), Y : ndarray (n_windows, L, n_out)
    lengths : ndarray (n_windows,)
    ends : ndarray (n_windows,)
        How many steps before its series' end each window stops (0: at the end).
    """
    Xs, Ys, lengths, ends = [], [], [], []
    L = min(lookback, max(len(s[0]) - 1 for s in series))
    for Z, P, F in series:
        inputs, targets = recursive_inputs(Z, P, F)
        n = len(inputs)
        if n >= L:
            Xs.append(_windows(inputs, L))
            Ys.append(_windows(targets, L))
            count = n - L + 1
            lengths.append(np.full(count, L))
            ends.append(np.arange(count)[::-1])
        else:
            Xs.append(_pad(inputs, L)[None])
            Ys.append(_pad(targets, L)[None])
            lengths.append([n])
            ends.append([0])
    return (np.concatenate(Xs), np.concatenate(Ys), np.concatenate(lengths).astype(np.int64),
            np.concatenate(ends))


def recursive_chunks(series, lookback):
    """Contiguous chunks of ``lookback`` steps covering every series (stateful mode).

    Returns X, Y, lengths and ends as `recursive_windows`, plus ``chunk`` (n_chunks,):
    each chunk's position in its series (0, 1, ...). Chunks of a series are consecutive
    rows, so the chunk before row i (when ``chunk[i] > 0``) is row i - 1.
    """
    Xs, Ys, lengths, ends, chunk = [], [], [], [], []
    for Z, P, F in series:
        inputs, targets = recursive_inputs(Z, P, F)
        n = len(inputs)
        starts = np.arange(0, n, lookback)
        for c, s in enumerate(starts):
            Xs.append(_pad(inputs[s:s + lookback], lookback))
            Ys.append(_pad(targets[s:s + lookback], lookback))
            lengths.append(min(lookback, n - s))
            ends.append(max(0, n - s - lookback))
            chunk.append(c)
    return (np.stack(Xs), np.stack(Ys), np.array(lengths, dtype=np.int64),
            np.array(ends), np.array(chunk))


def direct_history(Z, P, F):
    """Observed-step inputs ``[Z, P, F, 1]`` of one series, (T, n_t + n_p + n_f + 1)."""
    return np.hstack([Z, P, F, np.ones((len(Z), 1))])


def direct_ahead(F, n_t, n_p):
    """Inputs of steps ahead ``[0, 0, F, 0]``, (len(F), n_t + n_p + n_f + 1)."""
    return np.hstack([np.zeros((len(F), n_t + n_p)), F, np.zeros((len(F), 1))])


def direct_windows(series, lookback, horizon, with_ahead):
    """Samples of the direct strategy from every origin of every series.

    Origins run from ``lookback`` (fewer steps of history when a series is short) to
    ``T - horizon``. Returns ``X (n, L', n_in)``, ``Y (n, horizon * n_t)``, ``lengths``
    and ``ends`` (steps between the sample's last target and its series' end).
    """
    Xs, Ys, lengths, ends = [], [], [], []
    for Z, P, F in series:
        T, n_t = Z.shape
        last_origin = T - horizon
        if last_origin < 1:
            continue
        first_origin = min(lookback, last_origin)
        history = direct_history(Z, P, F)
        ahead = direct_ahead(F, n_t, P.shape[1])
        for o in range(first_origin, last_origin + 1):
            rows = [history[max(0, o - lookback):o]]
            if with_ahead:
                rows.append(ahead[o:o + horizon])
            Xs.append(np.vstack(rows))
            Ys.append(Z[o:o + horizon].ravel())
            ends.append(last_origin - o)
    if not Xs:
        raise ValueError(f"Every series is too short for horizon={horizon}: a series "
                         f"needs at least horizon + 1 steps.")
    X, lengths = padded(Xs)
    return X, np.vstack(Ys), lengths, np.asarray(ends)


def padded(sequences, dtype=np.float64):
    """Sequences of (T_i, k) rows as one zero-padded batch (n, max T_i, k) and lengths."""
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    return pad_rows(np.concatenate(sequences), lengths, int(lengths.max()),
                    fill_dtype=dtype), lengths


def _windows(a, L):
    """All windows of L consecutive rows of ``a`` (T, k) -> (T - L + 1, L, k), a copy."""
    return np.ascontiguousarray(sliding_window_view(a, L, axis=0).transpose(0, 2, 1))


def _pad(a, L):
    out = np.zeros((L, a.shape[1]))
    out[:len(a)] = a
    return out


def calendar_features(times, freq):
    """Sine/cosine of the calendar cycles that the frequency can see.

    Sub-daily: time of day and day of week; daily: day of week and day of year; weekly:
    day of year; monthly: month of year; quarterly: quarter of year. Yearly data has no
    cycle to add (an empty result).

    Parameters
    ----------
    times : DatetimeIndex or PeriodIndex (T,)
    freq : pandas offset

    Returns
    -------
    features : ndarray (T, 2 * n_cycles)
    """
    stamps = times.to_timestamp() if hasattr(times, "to_timestamp") else times
    step = step_days(times, freq)
    phases = []
    if step < 1:
        phases.append((stamps.hour * 60 + stamps.minute + stamps.second / 60) / 1440.0)
    if step < 7:
        phases.append(stamps.dayofweek / 7.0)
    if 1 <= step < 28:
        phases.append((stamps.dayofyear - 1) / 365.25)
    if 28 <= step < 90:
        phases.append((stamps.month - 1) / 12.0)
    if 90 <= step < 360:
        phases.append((stamps.quarter - 1) / 4.0)
    if not phases:
        return np.zeros((len(times), 0))
    angles = 2 * np.pi * np.column_stack([np.asarray(p, dtype=np.float64) for p in phases])
    return np.hstack([np.sin(angles), np.cos(angles)])


def step_days(times, freq):
    """The length in days of one step of ``times`` (a DatetimeIndex or PeriodIndex)."""
    first = times[0]
    second = first + 1 if hasattr(first, "ordinal") else first + freq
    if hasattr(first, "ordinal"):
        first, second = first.to_timestamp(), second.to_timestamp()
    return (second - first) / np.timedelta64(1, "D")


def window_stats(X, n_observed, n_t):
    """Mean and standard deviation of the target columns over each window's observed
    steps (``scaling="window"``, as reversible instance normalisation).

    Parameters
    ----------
    X : ndarray (n, L, n_in)
        Windows whose first ``n_t`` columns are the (series-scaled) targets.
    n_observed : ndarray (n,)
        Observed steps at the start of each window (later rows: padding or steps ahead).
    n_t : int

    Returns
    -------
    mu, sd : ndarray (n, 1, n_t)
        ``sd`` is floored at 1e-3 of the series' scale: a flat window is not blown up.
    """
    observed = (np.arange(X.shape[1])[None, :] < n_observed[:, None])[:, :, None]
    count = n_observed[:, None, None].astype(np.float64)
    Z = X[:, :, :n_t].astype(np.float64)
    mu = (Z * observed).sum(axis=1, keepdims=True) / count
    var = (((Z - mu) * observed) ** 2).sum(axis=1, keepdims=True) / count
    return mu, np.maximum(np.sqrt(var), 1e-3)


def normalize_windows(X, n_observed, n_t, mu, sd):
    """Scale the target columns of each window's observed steps: (Z - mu) / sd."""
    X = X.copy()
    observed = np.arange(X.shape[1])[None, :] < n_observed[:, None]
    Z = X[:, :, :n_t]
    X[:, :, :n_t] = np.where(observed[:, :, None], (Z - mu) / sd, Z)
    return X


def difference(Z, lags):
    """Differences of the targets at each lag in turn (``(1, 12)``: changes, then their
    year-over-year changes on monthly data), as ARIMA's d and D.

    Returns the differenced rows (T - sum(lags), n_t); the first ``sum(lags)`` steps
    have no difference and are dropped.
    """
    for lag in lags:
        Z = Z[lag:] - Z[:-lag]
    return Z


def difference_mask(observed, lags):
    """Which differences (`difference`) of a series are known, from which of its
    values are (T,) bool: those whose every term is; (T - sum(lags),)."""
    for lag in lags:
        observed = observed[lag:] & observed[:-lag]
    return observed


def integrate(path, history, lags):
    """Undo `difference` on a forecast path, from the raw history before it.

    Parameters
    ----------
    path : ndarray (n, n_t)
        Forecast of the fully differenced targets.
    history : ndarray (T, n_t)
        Raw targets before the forecast, at least ``sum(lags)`` steps.
    lags : tuple of int

    Returns
    -------
    ndarray (n, n_t): the forecast of the raw targets.
    """
    levels = [history]
    for lag in lags[:-1]:
        levels.append(levels[-1][lag:] - levels[-1][:-lag])
    for lag, level in zip(lags[::-1], levels[::-1]):
        out = np.vstack([level[-lag:], np.zeros_like(path)])
        for j in range(len(path)):
            out[lag + j] = out[j] + path[j]
        path = out[lag:]
    return path
