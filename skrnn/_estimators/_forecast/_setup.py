"""The forecaster's data model: which column is what (`ColumnRoles`), the settings a fit
fixes (`ForecastSetup`), and what forecasts start from (`ForecastContext`).

`ForecastSetup` turns a validated `Panel` into what the network models: targets
differenced (``differences``), scaled per series and covariates scaled overall, plus
calendar features; and it builds the `ForecastContext` of a history.
"""
from dataclasses import dataclass, replace
from numbers import Integral
from typing import Optional

import numpy as np

from ..._data import label
from ._windows import calendar_features, difference, normalize_windows, window_stats


@dataclass(frozen=True)
class ColumnRoles:
    """Positions in X's columns of the targets, the past-only and the future-known
    covariates (int arrays)."""

    target: np.ndarray
    past: np.ndarray
    future: np.ndarray

    @property
    def covariates(self):
        """Past-only, then future-known covariate positions."""
        return np.concatenate([self.past, self.future])

    @classmethod
    def of(cls, columns, past_covariates, future_covariates):
        """The roles of ``columns`` (X's labels): every column is a target unless named
        in ``past_covariates`` or ``future_covariates``."""
        def positions(names, param):
            if names is None:
                return np.array([], dtype=np.int64)
            found = []
            for name in names:
                hits = np.flatnonzero(columns == name)
                if len(hits) != 1:
                    raise ValueError(
                        f"{param} names column {label(name)}, which X does not have "
                        f"(X's columns: {[label(c) for c in columns]}).")
                found.append(int(hits[0]))
            return np.array(found, dtype=np.int64)

        past = positions(past_covariates, "past_covariates")
        future = positions(future_covariates, "future_covariates")
        if np.intersect1d(past, future).size:
            raise ValueError("A column cannot be both a past and a future covariate.")
        target = np.setdiff1d(np.arange(columns.size), np.concatenate([past, future]))
        if target.size == 0:
            raise ValueError("Every column of X is a covariate; at least one column must "
                             "be a target to forecast.")
        return cls(target, past, future)


@dataclass(frozen=True)
class ForecastContext:
    """What forecasts start from, per series k (lists indexed by series).

    values : ndarray (L_k, n_columns), the last ``lookback + 1`` steps of what the
        network models (differenced targets; every step when stateful)
    times : pandas.Index (L_k,), their times
    stats : (mean, std) arrays (n_targets,), the scale of the modelled targets
    ids : pandas.Index or None, series ids
    raw : ndarray (sum(lags), n_targets), the raw targets that undo the differencing
    targets : ndarray (T_k, n_targets), every raw target (MASE's history)
    static : ndarray (n_series, n_static) or None, the standardised static covariates
    """

    values: list
    times: list
    stats: list
    ids: object
    raw: list
    targets: list
    static: object = None

    @property
    def n_series(self):
        return len(self.values)

    def series_label(self, k):
        """``"series 'a' "`` for many series, ``""`` for one: a prefix for messages."""
        return "" if self.ids is None else f"series {self.ids[k]!r} "


@dataclass(frozen=True)
class ForecastSetup:
    """The settings and fitted scales a forecaster's data preparation depends on."""

    roles: ColumnRoles
    strategy: str
    horizon: int
    lookback: int
    stateful: bool
    scaling: Optional[str]
    lags: tuple
    calendar: bool
    freq: object
    cov_stats: tuple  # (mean, std) of the covariate columns, past then future
    dtype: str
    static_stats: tuple = None  # (mean, std) of the static covariates, or None

    def standardised_static(self, panel):
        """``panel.static`` standardised, in the model's dtype (None without)."""
        if panel.static is None or self.static_stats is None:
            return None
        mu, sd = self.static_stats
        return ((panel.static - mu) / sd).astype(self.dtype)

    @property
    def n_targets(self):
        return self.roles.target.size

    @property
    def with_ahead(self):
        """Whether the direct strategy's samples carry features of the steps ahead."""
        return bool(self.roles.future.size) or self.calendar

    def observed_steps(self, lengths):
        """Observed (history) steps at the start of each sample."""
        if self.strategy == "direct" and self.with_ahead:
            return lengths - self.horizon
        return lengths

    def differenced(self, panel):
        """The panel with its targets differenced at ``lags``: what the network models.
        Each series loses its first ``sum(lags)`` steps."""
        if not self.lags:
            return panel
        k, target = sum(self.lags), self.roles.target
        values, times = [], []
        for v, t in zip(panel.values, panel.times):
            if len(v) < k + 2:
                raise ValueError(
                    f"A series of {len(v)} steps is too short for differences="
                    f"{self.lags!r}: it needs at least {k + 2}.")
            w = v[k:].copy()
            w[:, target] = difference(v[:, target], self.lags)
            values.append(w)
            times.append(t[k:])
        return replace(panel, values=values, times=times)

    def context(self, panel):
        """The `ForecastContext` of a history ``panel``."""
        target, lags = self.roles.target, self.lags
        raw = [v[len(v) - sum(lags):, target] for v in panel.values]
        targets = [v[:, target] for v in panel.values]
        panel = self.differenced(panel)
        stats = []
        for v in panel.values:
            z = v[:, target]
            if self.scaling is not None:  # "window" scales windows of these further
                mu, sd = z.mean(axis=0), z.std(axis=0)
                sd[sd == 0] = 1.0
            else:
                mu, sd = np.zeros(target.size), np.ones(target.size)
            stats.append((mu, sd))
        first = 0 if self.stateful else -(self.lookback + 1)  # stateful: everything
        return ForecastContext(values=[v[first:] for v in panel.values],
                               times=[t[first:] for t in panel.times], stats=stats,
                               ids=panel.ids, raw=raw, targets=targets,
                               static=self.standardised_static(panel))

    def scaled(self, values, times, stats):
        """Scaled (Z, P, F) of one series: targets, past-only covariates, future-known
        features (covariates, then calendar)."""
        roles = self.roles
        mu, sd = stats
        cov_mu, cov_sd = self.cov_stats
        n_p = roles.past.size
        Z = (values[:, roles.target] - mu) / sd
        P = (values[:, roles.past] - cov_mu[:n_p]) / cov_sd[:n_p]
        F = (values[:, roles.future] - cov_mu[n_p:]) / cov_sd[n_p:]
        if self.calendar:
            F = np.hstack([F, calendar_features(times, self.freq)])
        return Z, P, F

    def window_scaled(self, X, observed):
        """``scaling="window"``: the windows ``X`` with their targets standardised by
        each window's first ``observed`` steps, and that (mu, sd) (n, 1, n_t); as is,
        with mu=0 and sd=1, otherwise."""
        n_t = self.n_targets
        if self.scaling != "window":
            return X, np.zeros((len(X), 1, n_t)), np.ones((len(X), 1, n_t))
        mu, sd = window_stats(X, observed, n_t)
        return normalize_windows(X, observed, n_t, mu, sd).astype(X.dtype), mu, sd


def check_lags(differences):
    """``differences`` as a tuple of positive integer lags (empty for None)."""
    try:
        lags = tuple(differences or ())
    except TypeError:
        lags = (differences,)  # a single value: checked below
    if any(not isinstance(lag, Integral) or isinstance(lag, (bool, np.bool_)) or lag < 1
           for lag in lags):
        raise ValueError(f"differences must hold positive integer lags, got "
                         f"{differences!r}.")
    return lags


def column_stats(blocks, scaling):
    """Mean and standard deviation of each covariate column over all series."""
    n = blocks[0].shape[1]
    if scaling is None or n == 0:
        return np.zeros(n), np.ones(n)
    stacked = np.vstack(blocks)
    mu, sd = stacked.mean(axis=0), stacked.std(axis=0)
    sd[sd == 0] = 1.0
    return mu, sd
