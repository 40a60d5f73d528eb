"""Forecast intervals from backtest errors: the fitted model forecasts from many origins
inside its own history, and the spread of its errors at each step ahead, pooled over
origins and series, sets the quantiles of future forecasts.

This is the empirical (split-free) form of conformal prediction used by statsforecast's
``ConformalIntervals`` and by Hyndman & Athanasopoulos (FPP3, 5.5, "bootstrapped
residuals"): it assumes nothing about the errors' distribution, and its intervals widen
with the horizon because multi-step errors do. Errors are divided by each series' scale
(the mean absolute one-step change of its history, MASE's scale), so one set of
quantiles serves every series of a panel, and a series' interval is its forecast plus
those quantiles times its own scale.
"""
import warnings
from dataclasses import dataclass, replace

import numpy as np

from ._running import ensemble_paths

#: Most backtest origins per series, and over all series of a panel.
MAX_ORIGINS, MAX_TOTAL_ORIGINS = 60, 2000


@dataclass(frozen=True)
class BacktestErrors:
    """Scaled signed errors ``truth - forecast`` of backtest forecasts.

    errors : ndarray (n_origins, n_steps, n_targets), NaN where the truth was past the
        end of the series.
    """

    errors: np.ndarray

    @property
    def n_steps(self):
        return self.errors.shape[1]

    def offsets(self, quantiles, n_steps):
        """Scaled offsets of the ``quantiles`` from the forecast at steps 1..n_steps:
        (n_steps, n_targets, n_quantiles).

        Each step's offset is the empirical quantile of that step's errors. Upper
        offsets never shrink and lower offsets never grow with the step (uncertainty
        does not fall as the forecast goes further out); beyond the steps the backtest
        saw, the last step's offsets grow with the square root of the step, as a random
        walk's do.
        """
        q = np.asarray(quantiles, dtype=np.float64)
        with warnings.catch_warnings():  # a step no origin reached: NaN, then 0 below
            warnings.simplefilter("ignore", RuntimeWarning)
            table = np.nanquantile(self.errors, q, axis=0)  # (n_q, steps, n_t)
        table = np.nan_to_num(np.moveaxis(table, 0, -1))  # (steps, n_t, n_q)
        upper, lower = q > 0.5, q < 0.5
        table[..., upper] = np.maximum.accumulate(table[..., upper], axis=0)
        table[..., lower] = np.minimum.accumulate(table[..., lower], axis=0)
        seen = self.n_steps
        if n_steps <= seen:
            return table[:n_steps]
        growth = np.sqrt(np.arange(seen + 1, n_steps + 1) / seen)[:, None, None]
        return np.concatenate([table, table[-1] * growth], axis=0)


def series_scale(targets):
    """(n_targets,) MASE's scale of a history (T, n_targets): the mean absolute
    one-step change, 1 where it is 0 or undefined."""
    if len(targets) < 2:
        return np.ones(targets.shape[1])
    scale = np.abs(np.diff(targets, axis=0)).mean(axis=0)
    return np.where(scale > 0, scale, 1.0)


def backtest_errors(setup, model, members, panel, n_steps, last=None):
    """Forecast ``n_steps`` ahead from the latest origins of every series of ``panel``
    (the training data, raw) with the ensemble of ``members`` (parameter vectors) and
    return their scaled errors.

    An origin ``o`` is the number of steps of history the forecast starts from; origins
    run back from the last step so that every step ahead has many errors, and each
    history keeps at least ``sum(lags) + 2`` steps (what differencing needs). With
    ``last``, only the origins among each series' last ``last`` steps.
    """
    target = setup.roles.target
    min_history = sum(setup.lags) + 2
    per_series = max(1, min(MAX_ORIGINS, MAX_TOTAL_ORIGINS // panel.n_series))
    values, times, truth, scales, ahead, of = [], [], [], [], [], []
    for k, (v, t) in enumerate(zip(panel.values, panel.times)):
        T = len(v)
        first = max(min_history, T - n_steps - per_series + 1)
        if last is not None:
            first = max(first, T - last)
        if first >= T:
            continue
        origins = np.arange(first, T)[-per_series:]
        _, _, F = setup.scaled(v, t, (np.zeros(target.size), np.ones(target.size)))
        F = np.vstack([F, np.repeat(F[-1:], n_steps, axis=0)])
        for o in origins:
            values.append(v[:o])
            times.append(t[:o])
            block = np.full((n_steps, target.size), np.nan)
            real = v[o:o + n_steps, target]
            block[:len(real)] = real
            truth.append(block)
            scales.append(series_scale(v[:o, target]))
            ahead.append(F[o:o + n_steps])
            of.append(k)
    if not values:
        return None
    origins = replace(panel, values=values, times=times, ids=None,
                      static=None if panel.static is None else panel.static[of])
    context = setup.context(origins)
    needed = np.full(len(values), n_steps)
    paths = ensemble_paths(setup, model, members, context, ahead, needed)
    errors = (np.stack(truth) - np.stack(paths)) / np.stack(scales)[:, None, :]
    return BacktestErrors(errors)


def truncated(panel, n_steps, min_length):
    """The panel without the last ``n_steps`` of each series; series left shorter than
    ``min_length`` are dropped (None when none is left)."""
    keep = [k for k, v in enumerate(panel.values) if len(v) - n_steps >= min_length]
    if not keep:
        return None
    ids = None if panel.ids is None else panel.ids[keep]
    return replace(panel, values=[panel.values[k][:-n_steps] for k in keep],
                   times=[panel.times[k][:-n_steps] for k in keep], ids=ids,
                   static=None if panel.static is None else panel.static[keep])


def out_of_sample_ratio(inside, outside):
    """How much larger errors are on steps a model never trained on than on its own
    training series: mean absolute error of ``outside`` over that of ``inside`` (both
    `BacktestErrors` of the same model), step by step where both have errors, at least
    1; 1 when either is missing."""
    if inside is None or outside is None:
        return 1.0
    steps = min(inside.n_steps, outside.n_steps)
    with warnings.catch_warnings():  # steps without errors: NaN, left out below
        warnings.simplefilter("ignore", RuntimeWarning)
        a = np.nanmean(np.abs(outside.errors[:, :steps]), axis=(0, 2))
        b = np.nanmean(np.abs(inside.errors[:, :steps]), axis=(0, 2))
    ok = np.isfinite(a) & np.isfinite(b) & (b > 0)
    if not ok.any():
        return 1.0
    return float(max(1.0, a[ok].mean() / b[ok].mean()))
