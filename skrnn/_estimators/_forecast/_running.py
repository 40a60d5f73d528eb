"""Running forecasts: which steps each series is asked for, the future-known features of
those steps, and the recursive and direct runs of a fitted `SequenceModel`.

Every function takes the fitted `ForecastSetup` and the `ForecastContext` forecasts
start from; none reads the estimator.
"""
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..._network import blas_single_thread
from ._panel import future_times, steps_after
from ._windows import (calendar_features, direct_ahead, direct_history, integrate, padded,
                       recursive_inputs)


class Request(NamedTuple):
    """Series ``k`` of the context is asked for ``steps`` (1 = the first future step)."""

    k: int
    steps: np.ndarray


def all_requests(context, horizon):
    """``horizon`` steps of every series (``predict()`` without X)."""
    return [Request(k, np.arange(1, horizon + 1)) for k in range(context.n_series)]


def requests_of(setup, context, panel, by_position):
    """The `Request` of each series of X (``panel``): its series in the context, and its
    times as steps after the end of that series' history (rows in order for arrays,
    ``by_position``)."""
    if panel.ids is None:
        if context.ids is not None:
            raise ValueError("The forecaster was fitted on many series; X needs the "
                             "(series id, time) MultiIndex too.")
        positions = [0]
    else:
        known = pd.Index(context.ids if context.ids is not None else [])
        positions = known.get_indexer(panel.ids)
        if (positions < 0).any():
            new = list(panel.ids[positions < 0][:5])
            raise ValueError(f"X has series {new} without history; pass their recent "
                             f"observations as `history=`.")
    requests = []
    for j, k in enumerate(positions):
        last = context.times[k][-1]
        if by_position:
            steps = np.arange(1, len(panel.values[j]) + 1)
        else:
            steps = steps_after(last, setup.freq, panel.times[j])
        if (steps < 1).any():
            bad = panel.times[j][int(np.argmax(steps < 1))]
            raise ValueError(
                f"X's time {bad} is not on the {setup.freq} grid after the end of the "
                f"history ({last}); a forecaster predicts future steps only. To "
                f"forecast from an earlier point, pass the history up to it as "
                f"`history=`.")
        requests.append(Request(int(k), steps))
    return requests


def steps_needed(context, requests):
    """(n_series,) the furthest step asked of each series (0: not asked about)."""
    needed = np.zeros(context.n_series, dtype=np.int64)
    for k, steps in requests:
        needed[k] = max(needed[k], steps.max())
    return needed


def future_features(setup, context, panel, requests, needed):
    """Scaled future-known features of steps 1..needed[k] of each series k (None for
    series not asked about); the direct strategy's last block is filled up to whole
    ``horizon`` blocks by repeating the last row."""
    future = setup.roles.future
    n_p = setup.roles.past.size
    cov_mu, cov_sd = setup.cov_stats
    rows = setup.horizon * -(-needed // setup.horizon) if setup.strategy == "direct" \
        else needed
    request_of = {r.k: j for j, r in enumerate(requests)}  # series -> X's part
    ahead = []
    for k in range(len(needed)):
        if needed[k] == 0:
            ahead.append(None)
            continue
        F = np.zeros((rows[k], future.size))
        if future.size:
            j = request_of.get(k)
            steps = requests[j].steps if j is not None else np.array([], dtype=np.int64)
            given = np.zeros(rows[k], dtype=bool)
            inside = steps <= rows[k]
            if j is not None:
                F[steps[inside] - 1] = (panel.values[j][inside][:, future]
                                        - cov_mu[n_p:]) / cov_sd[n_p:]
            given[steps[inside] - 1] = True
            missing = np.flatnonzero(~given[:needed[k]])
            if missing.size:
                when = future_times(context.times[k][-1], setup.freq,
                                    int(missing[0]) + 1)[-1]
                raise ValueError(
                    f"X lacks the future covariates of {context.series_label(k)}at "
                    f"{when}: a forecast needs them at every step up to the last one "
                    f"asked for. Add the rows, with the covariate values, to X.")
            if rows[k] > needed[k]:  # direct: the head's block beyond what is asked
                F[needed[k]:] = F[needed[k] - 1]
        if setup.calendar:
            times = future_times(context.times[k][-1], setup.freq, rows[k])
            F = np.hstack([F, calendar_features(times, setup.freq)])
        ahead.append(F)
    return ahead


def forecast_paths(setup, model, params, context, ahead, needed):
    """Forecast paths (needed[k], n_targets) of the series asked about (None for the
    others), scaled back and integrated."""
    active = np.flatnonzero(needed > 0)
    series = [setup.scaled(context.values[k], context.times[k], context.stats[k])
              for k in active]
    static = None if context.static is None else context.static[active]
    run = run_recursive if setup.strategy == "recursive" else run_direct
    with blas_single_thread():
        paths = run(setup, model, params, series, [ahead[k] for k in active],
                    int(needed.max()), static)
    out = [None] * len(needed)
    for k, path in zip(active, paths):
        mu, sd = context.stats[k]
        path = path[:needed[k]] * sd + mu
        if setup.lags:
            path = integrate(path, context.raw[k], setup.lags)
        out[k] = path
    return out


def ensemble_paths(setup, model, members, context, ahead, needed):
    """`forecast_paths` of every member's parameters, and their median per step: one
    model's paths when there is one member."""
    runs = [forecast_paths(setup, model, params, context, ahead, needed)
            for params in members]
    if len(runs) == 1:
        return runs[0]
    return [None if paths[0] is None else np.median(np.stack(paths), axis=0)
            for paths in zip(*runs)]


def run_recursive(setup, model, params, series, ahead, n_steps, static=None):
    """Teacher forcing in, free run out: the last ``lookback`` steps set the state,
    then each forecast (targets and past covariates) is fed back as the next input;
    ``static`` (n_series, n_static) or None are the series' static covariates."""
    n_t = setup.n_targets
    sequences = []
    for (Z, P, F), Fa in zip(series, ahead):
        inputs, _ = recursive_inputs(Z, P, F)
        first = np.concatenate([Z[-1], P[-1], Fa[0]])
        sequence = np.vstack([inputs, first])
        sequences.append(sequence if setup.stateful else sequence[-setup.lookback:])
    X, lengths = padded(sequences, setup.dtype)
    X, mu, sd = setup.window_scaled(X, lengths)
    # every series' future-known features of every step, padded past its last one
    # (those steps' forecasts are cut off by the caller)
    F_ahead = np.stack([np.vstack([Fa, np.repeat(Fa[-1:], n_steps - len(Fa), axis=0)])
                        for Fa in ahead]).astype(setup.dtype)
    y_hat, states = model.forward(params, X, lengths, static=static)
    path = [y_hat]
    for j in range(1, n_steps):
        step = np.hstack([y_hat, F_ahead[:, j]])[:, None, :]
        y_hat, states = model.forward(params, step, None, states, static=static)
        path.append(y_hat)
    path = np.stack(path, axis=1)[:, :, :n_t].astype(np.float64)
    return list(path * sd + mu)


def run_direct(setup, model, params, series, ahead, n_steps, static=None):
    """The head forecasts ``horizon`` steps at once; longer forecasts repeat it from
    the end of the previous block, whose forecasts join the history."""
    h, n_t, n_p = setup.horizon, setup.n_targets, setup.roles.past.size
    n_blocks = -(-n_steps // h)
    if n_blocks > 1 and n_p:
        raise ValueError(f"strategy='direct' with past covariates forecasts at most "
                         f"horizon={h} steps (their future values are unknown); "
                         f"asked for {n_steps}.")
    histories = [direct_history(Z, P, F) for Z, P, F in series]
    blocks = []
    for block in range(n_blocks):
        samples = []
        for hist, Fa in zip(histories, ahead):
            rows = [hist[-setup.lookback:]]
            if setup.with_ahead:
                rows.append(direct_ahead(Fa[block * h:(block + 1) * h], n_t, n_p))
            samples.append(np.vstack(rows))
        X, lengths = padded(samples, setup.dtype)
        X, mu, sd = setup.window_scaled(X, setup.observed_steps(lengths))
        Z_hat = model.forward(params, X, lengths, static=static)[0].astype(np.float64)
        Z_hat = Z_hat.reshape(len(samples), h, n_t) * sd + mu
        blocks.append(Z_hat)
        if block == n_blocks - 1:
            break
        for i, Fa in enumerate(ahead):  # without past covariates (checked above)
            new = np.hstack([Z_hat[i], Fa[block * h:(block + 1) * h], np.ones((h, 1))])
            histories[i] = np.vstack([histories[i], new])
    return list(np.concatenate(blocks, axis=1))
