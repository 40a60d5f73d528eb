"""`RNNForecaster`: time-series forecasting as a scikit-learn estimator on the shared base.

The forecaster turns the series it is given into training sequences (`_windows`) and
trains the base's network and head on them through ``BaseRNN._fit_batch``, with the
base's solvers, clipping, early stopping and divergence guard. What it adds: reading
time-indexed pandas (`_panel`), per-series scaling, and the two ways to forecast.
"""
from dataclasses import replace
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score
from sklearn.utils.validation import check_is_fitted

from .._base import BaseRNN
from .._compat import Interval, StrOptions, check_feature_names, fit_context
from .._data._batch import SequenceBatch, step_mask
from .._estimators import SHARED_PARAMETERS
from .._network._parallel import blas_single_thread
from ..metrics import forecast_scorers
from ._panel import assert_no_missing, check_panel, future_times, label_of, steps_after
from ._windows import (calendar_features, difference, direct_ahead, direct_history,
                       direct_windows, integrate, normalize_windows, padded,
                       recursive_chunks, recursive_inputs, recursive_windows,
                       window_stats)


class RNNForecaster(BaseRNN):
    __doc__ = """Recurrent-network forecaster of one or many time series.

    A scikit-learn estimator whose ``X`` is the time series itself, so that
    ``GridSearchCV(..., cv=TimeSeriesSplit(n_splits, test_size=h))`` and
    ``cross_validate`` (a backtest) work directly on a pandas object: each split fits on
    the past and scores the forecast of the following block. ``y`` is never used.

    **Input.** A pandas Series (one target) or DataFrame (targets and covariates)
    indexed by a DatetimeIndex, a PeriodIndex or integers at a constant step; a
    2-level MultiIndex ``(series id, time)`` for many series (of any lengths and start
    dates; one global model); or an array ``(n_timesteps,)`` / ``(n_timesteps,
    n_columns)``. The frequency is inferred and continued on output. Missing target
    values are an error naming them. For a `TimeSeriesSplit` over many series, sort the
    rows by time first (``X.sort_index(level=1)``) so that each split's test block
    follows its training rows in time.

    **Columns.** Every column is a target unless named in ``future_covariates`` (known
    ahead: calendar effects, planned prices; their values at the forecast steps come
    from the rows passed to `predict`) or ``past_covariates`` (observed only up to now;
    the recursive strategy forecasts them alongside the targets, the direct one reads
    them over the lookback only). At predict time X has the same columns; the values of
    its targets and past covariates are not read.

    **Strategies.** ``"recursive"``: a one-step model trained with teacher forcing (the
    input at step t is what was observed at t-1, plus the future-known features of t),
    then run freely at prediction, fed its own outputs. ``"direct"``: a many-to-one
    model whose head forecasts ``horizon`` steps at once (the network also reads the
    future-known features of those steps); longer forecasts repeat it block by block.

    **Context.** Training samples are windows of ``lookback`` steps. With
    ``stateful=True`` (recursive only) the series are cut into contiguous chunks of
    ``lookback`` steps instead, each starting from the state its series reached at the
    end of the previous chunk (recomputed every epoch with the current weights; the
    gradient stops at chunk boundaries: truncated BPTT), and forecasts read the whole
    history.

    **Scaling.** ``scaling="series"`` standardises each series' targets by the mean and
    standard deviation of its own history (the training data, or ``history`` at
    predict), and covariates by their overall mean and deviation; forecasts are scaled
    back.

    Parameters
    ----------
""" + SHARED_PARAMETERS + """\
    strategy : {"recursive", "direct"}, default="recursive"
    horizon : int, default=1
        Steps forecast by ``predict()`` without X, and the width of the direct head.
    lookback : int, default=24
        Steps of history per training window and read at forecast time (the chunk
        length when stateful).
    stateful : bool, default=False
    future_covariates, past_covariates : list of column labels, default=None
    calendar_features : bool, default=False
        Add sine/cosine features of the calendar cycles the frequency can see (time of
        day, day of week, day of year, month or quarter), derived from the index; they
        count as future-known.
    differences : tuple of int or None, default=None
        Lags at which the targets are differenced, in turn, before scaling; forecasts
        are integrated back. ``(1,)`` models changes, ``(1, 12)`` on monthly data the
        year-over-year changes of the changes (ARIMA's d=1 and D=1): a trend is then
        continued additively, as ARIMA does, instead of being bounded by the range seen
        in training.
    scaling : {"series", "window"} or None, default="series"
        "window" standardises, in addition, the targets of each window (and of the
        context a forecast starts from) by that window's own mean and deviation, undone
        on its forecasts (reversible instance normalisation, Kim et al. 2022): for
        series whose level and swing drift, such as trending demand.

    Attributes
    ----------
    freq_ : pandas offset or int
        The frequency of the series (the step of an integer index).
    n_features_in_ : int
        Columns of X.
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame.
    loss_curve_, validation_scores_, best_loss_, best_validation_score_, n_iter_, t_
        As in `RNNRegressor` (``t_`` counts training windows).
    params_ : ndarray of shape (n_params,)

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skrnn import RNNForecaster
    >>> t = np.arange(96)
    >>> y = pd.Series(10 + np.sin(2 * np.pi * t / 12),
    ...               index=pd.period_range("2000-01", periods=96, freq="M"), name="y")
    >>> f = RNNForecaster(cell="gru", hidden_size=16, lookback=24, horizon=12,
    ...                   batch_size=16, learning_rate_init=0.01, max_iter=60,
    ...                   random_state=0).fit(y)
    >>> forecast = f.predict()
    >>> forecast.index[0], len(forecast)
    (Period('2008-01', 'M'), 12)
    >>> bool(np.abs(forecast.to_numpy() - (10 + np.sin(2 * np.pi * t[:12] / 12))).mean() < 0.2)
    True
    """
    _loss_name = "squared_error"
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "strategy": [StrOptions({"recursive", "direct"})],
        "horizon": [Interval(Integral, 1, None, closed="left")],
        "lookback": [Interval(Integral, 1, None, closed="left")],
        "stateful": ["boolean"],
        "future_covariates": [list, tuple, None],
        "past_covariates": [list, tuple, None],
        "calendar_features": ["boolean"],
        "scaling": [StrOptions({"series", "window"}), None],
        "differences": [tuple, list, None],
    }

    # The shared parameters are spelled out (scikit-learn reads them from the signature);
    # tests check they keep the base's defaults.
    def __init__(self, cell='lstm', hidden_size=32, num_layers=1, bidirectional=False,
                 activation='tanh', dropout=0.0, solver='adam', learning_rate_init=0.001,
                 learning_rate='constant', power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-08,
                 alpha=0.0001, batch_size='auto', max_iter=200, shuffle=True,
                 clip_norm=None, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=0.0001,
                 warm_start=False, random_state=None, verbose=False, dtype='float32',
                 n_jobs=None, strategy="recursive", horizon=1, lookback=24,
                 stateful=False, future_covariates=None, past_covariates=None, calendar_features=False,
                 scaling="series", differences=None):
        super().__init__(cell=cell, hidden_size=hidden_size, num_layers=num_layers,
                         bidirectional=bidirectional, activation=activation,
                         dropout=dropout, solver=solver,
                         learning_rate_init=learning_rate_init,
                         learning_rate=learning_rate, power_t=power_t, momentum=momentum,
                         nesterovs_momentum=nesterovs_momentum, beta_1=beta_1,
                         beta_2=beta_2, epsilon=epsilon, alpha=alpha,
                         batch_size=batch_size, max_iter=max_iter, shuffle=shuffle,
                         clip_norm=clip_norm, clip_value=clip_value,
                         early_stopping=early_stopping,
                         validation_fraction=validation_fraction,
                         n_iter_no_change=n_iter_no_change, tol=tol, warm_start=warm_start,
                         random_state=random_state, verbose=verbose, dtype=dtype,
                         n_jobs=n_jobs)
        self.strategy = strategy
        self.horizon = horizon
        self.lookback = lookback
        self.stateful = stateful
        self.future_covariates = future_covariates
        self.past_covariates = past_covariates
        self.calendar_features = calendar_features
        self.scaling = scaling
        self.differences = differences

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags

    # ------------------------------------------------------------------------ fit
    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit one model to the series in ``X``.

        Parameters
        ----------
        X : pandas Series or DataFrame indexed by time, or with a (series id, time)
            MultiIndex; or an array (n_timesteps,) or (n_timesteps, n_columns)
            The history: target columns and covariate columns (see the class docstring).
        y : None
            Ignored; present for the scikit-learn API (everything travels in ``X``, so
            splitters such as `TimeSeriesSplit` cut targets and covariates together).

        Returns
        -------
        self : object
        """
        if self.bidirectional and self.strategy == "recursive":
            raise ValueError("bidirectional=True needs strategy='direct': a recursive "
                             "forecast runs forward one step at a time, so it cannot "
                             "read a sequence backwards.")
        if self.stateful and (self.strategy != "recursive" or self.early_stopping):
            raise ValueError("stateful=True trains the recursive strategy on contiguous "
                             "chunks whose states depend on each other; it needs "
                             "strategy='recursive' and early_stopping=False (validate "
                             "with TimeSeriesSplit instead).")
        if self.stateful and self.scaling == "window":
            raise ValueError("stateful=True carries states across chunks, which "
                             "scaling='window' would scale each its own way; use "
                             "scaling='series'.")
        panel = check_panel(X, "X", type(self).__name__)
        if panel.lengths.max() < 2:
            raise ValueError("X has only 1 sample (time step) per series; a forecaster "
                             "needs at least 2 to learn from.")
        fresh = not (self.warm_start and hasattr(self, "params_"))
        roles = self._column_roles(panel)
        if not fresh and (panel.columns.size != self.n_features_in_):
            raise ValueError(f"X has {panel.columns.size} columns; the forecaster was "
                             f"fitted with {self.n_features_in_}.")
        self._roles = roles
        assert_no_missing(panel, roles[0], "X", "target")
        assert_no_missing(panel, np.concatenate([roles[1], roles[2]]), "X", "covariate")
        check_feature_names(self, X if isinstance(X, pd.DataFrame) else None, reset=fresh)
        if fresh:
            self.n_features_in_ = panel.columns.size
            self._kind, self._columns = panel.kind, panel.columns
            self._index_names, self.freq_ = panel.index_names, panel.freq
            self._time_dtype = panel.times[0].dtype
            if self.calendar_features and isinstance(self.freq_, int):
                raise ValueError("calendar_features=True needs a DatetimeIndex or a "
                                 "PeriodIndex; X is indexed by integers.")
            self._cov_stats = _column_stats(
                [v[:, np.concatenate([roles[1], roles[2]])] for v in panel.values],
                self.scaling)
        self._context = self._make_context(panel)
        model = self._differenced(panel)
        series = [self._scaled(v, t, st) for v, t, st in
                  zip(model.values, model.times, self._context["stats"])]
        self._chunk = None
        if self.stateful:
            Xw, Yw, lengths, ends, self._chunk = recursive_chunks(series, self.lookback)
            mask = step_mask(lengths, Xw.shape[1])
        elif self.strategy == "recursive":
            Xw, Yw, lengths, ends = recursive_windows(series, self.lookback)
            mask = step_mask(lengths, Xw.shape[1])
        else:
            Xw, Yw, lengths, ends = direct_windows(series, self.lookback, self.horizon,
                                                   self._with_ahead)
            mask = None
        if self.scaling == "window":
            Xw, Yw = self._normalize_training(Xw, Yw, lengths)
        self._window_ends = ends
        batch = SequenceBatch(Xw.astype(self.dtype), lengths, input_kind="list")
        self._train_batch = batch
        try:
            return self._fit_batch(batch, Yw, mask, np.ones(len(lengths)), fresh)
        finally:  # what only training needs is not kept (nor pickled)
            self._train_batch = self._window_ends = self._h0 = self._c0 = None

    def _observed_steps(self, lengths):
        """Observed (history) steps at the start of each sample."""
        if self.strategy == "direct" and self._with_ahead:
            return lengths - self.horizon
        return lengths

    def _window_scaled(self, X, observed):
        """``scaling="window"``: the windows ``X`` with their targets standardised by
        each window's first ``observed`` steps, and that (mu, sd) (n, 1, n_t); as is,
        with mu=0 and sd=1, otherwise."""
        n_t = self._roles[0].size
        if self.scaling != "window":
            return X, np.zeros((len(X), 1, n_t)), np.ones((len(X), 1, n_t))
        mu, sd = window_stats(X, observed, n_t)
        return normalize_windows(X, observed, n_t, mu, sd).astype(X.dtype), mu, sd

    def _normalize_training(self, X, Y, lengths):
        n_t = self._roles[0].size
        X, mu, sd = self._window_scaled(X, self._observed_steps(lengths))
        Y = Y.copy()
        if self.strategy == "direct":
            Y = ((Y.reshape(len(Y), -1, n_t) - mu) / sd).reshape(len(Y), -1)
        else:
            Y[:, :, :n_t] = (Y[:, :, :n_t] - mu) / sd
        return X, Y

    def _epoch_begins(self):
        """Stateful mode: each chunk starts from the state its series reached at the end
        of the previous chunk, recomputed with the current weights before each epoch.
        The gradient stops at chunk boundaries (truncated BPTT)."""
        self._h0 = self._c0 = None
        if self._chunk is None or not (self._chunk > 0).any():
            return
        batch, chunk = self._train_batch, self._chunk
        rnn_p = self._split_params(self.params_)[0]
        H, layers = self.hidden_size, self.num_layers
        h0 = np.zeros((layers, batch.n_samples, H), dtype=self.dtype)
        c0 = np.zeros_like(h0) if self._net.ops.has_cell else None
        for c in range(1, int(chunk.max()) + 1):
            rows = np.flatnonzero(chunk == c)
            prev = rows - 1
            _, (h_n, c_n), _ = self._net.forward(
                rnn_p, batch.X[prev], batch.lengths[prev], h0=h0[:, prev],
                c0=None if c0 is None else c0[:, prev], training=False)
            h0[:, rows] = h_n
            if c0 is not None:
                c0[:, rows] = c_n
        self._h0, self._c0 = h0, c0

    def _initial_states(self, rows):
        h0 = getattr(self, "_h0", None)
        if h0 is None:
            return None, None
        return h0[:, rows], None if self._c0 is None else self._c0[:, rows]

    def _column_roles(self, panel):
        """Positions of the target, past-only and future-known columns of X."""
        def positions(names, param):
            if names is None:
                return np.array([], dtype=np.int64)
            found = []
            for name in names:
                hits = np.flatnonzero(panel.columns == name)
                if len(hits) != 1:
                    raise ValueError(
                        f"{param} names column {label_of(name)}, which X does not have "
                        f"(X's columns: {[label_of(c) for c in panel.columns]}).")
                found.append(int(hits[0]))
            return np.array(found, dtype=np.int64)

        past = positions(self.past_covariates, "past_covariates")
        future = positions(self.future_covariates, "future_covariates")
        if np.intersect1d(past, future).size:
            raise ValueError("A column cannot be both a past and a future covariate.")
        target = np.setdiff1d(np.arange(panel.columns.size), np.concatenate([past, future]))
        if target.size == 0:
            raise ValueError("Every column of X is a covariate; at least one column must "
                             "be a target to forecast.")
        return target, past, future

    @property
    def _with_ahead(self):
        return bool(self._roles[2].size) or self.calendar_features

    @property
    def _lags(self):
        return tuple(self.differences or ())

    def _differenced(self, panel):
        """The panel with its targets differenced (``differences``): what the network
        models. Each series loses its first ``sum(differences)`` steps."""
        lags = self._lags
        if not lags:
            return panel
        if any(not isinstance(lag, Integral) or lag < 1 for lag in lags):
            raise ValueError(f"differences must hold positive integer lags, got "
                             f"{self.differences!r}.")
        k, target = sum(lags), self._roles[0]
        values, times = [], []
        for v, t in zip(panel.values, panel.times):
            if len(v) < k + 2:
                raise ValueError(
                    f"A series of {len(v)} steps is too short for differences="
                    f"{self.differences!r}: it needs at least {k + 2}.")
            w = v[k:].copy()
            w[:, target] = difference(v[:, target], lags)
            values.append(w)
            times.append(t[k:])
        return replace(panel, values=values, times=times)

    def _make_context(self, panel):
        """What forecasts start from, per series: the last ``lookback + 1`` steps of
        what the network models, the raw targets before them (to undo `differences`),
        the scale (mean, std) of the modelled targets, and all raw targets (the
        histories MASE is scaled by)."""
        keep = None if self.stateful else self.lookback + 1  # stateful: everything
        target, lags = self._roles[0], self._lags
        raw = [v[len(v) - sum(lags):, target] for v in panel.values]
        targets = [v[:, target] for v in panel.values]
        panel = self._differenced(panel)
        stats = []
        for v in panel.values:
            z = v[:, target]
            if self.scaling is not None:  # "window" scales windows of these further
                mu, sd = z.mean(axis=0), z.std(axis=0)
                sd[sd == 0] = 1.0
            else:
                mu, sd = np.zeros(target.size), np.ones(target.size)
            stats.append((mu, sd))
        first = 0 if keep is None else -keep
        return dict(values=[v[first:] for v in panel.values],
                    times=[t[first:] for t in panel.times], stats=stats, ids=panel.ids,
                    raw=raw, targets=targets)

    def _scaled(self, values, times, stats):
        """Scaled (Z, P, F) of one series: targets, past-only covariates, future-known
        features (covariates, then calendar)."""
        target, past, future = self._roles
        mu, sd = stats
        cov_mu, cov_sd = self._cov_stats
        n_p = past.size
        Z = (values[:, target] - mu) / sd
        P = (values[:, past] - cov_mu[:n_p]) / cov_sd[:n_p]
        F = (values[:, future] - cov_mu[n_p:]) / cov_sd[n_p:]
        if self.calendar_features:
            F = np.hstack([F, calendar_features(times, self.freq_)])
        return Z, P, F

    def _encode_targets(self, y, first_fit):
        y = np.asarray(y, dtype=np.float64)
        return y.reshape(len(y), -1).astype(self.dtype)

    def _split_validation(self, batch, y, mask, rng, early_stopping):
        """Early stopping validates on the most recent windows, never on random ones."""
        rows = np.arange(batch.n_samples)
        if not early_stopping:
            return rows, None
        n_val = int(np.ceil(self.validation_fraction * len(rows)))
        order = np.argsort(self._window_ends, kind="stable")
        val = np.sort(order[:n_val])
        train = np.setdiff1d(rows, val)
        if len(train) < 1:
            raise ValueError(f"validation_fraction={self.validation_fraction} leaves no "
                             f"training window; use more data or turn early_stopping off.")
        return train, val

    def _predict_batch(self, batch):
        out = self._forward_head(batch)
        return [o.astype(np.float64) for o in out] if self.per_step_ else \
            out.astype(np.float64)

    _metric = staticmethod(r2_score)  # of early stopping, on scaled windows

    # ---------------------------------------------------------------- forecasting
    def predict(self, X=None, history=None):
        """Forecast.

        Parameters
        ----------
        X : same kind of object as at fit, or None, default=None
            The future rows to forecast: their time index says which steps (after the
            end of each series' history), their future-known covariate columns give
            those covariates; target and past-covariate values in X are ignored (they
            may be NaN). For arrays, row i is step i + 1. None forecasts ``horizon``
            steps of every series (possible only without future covariates). With
            ``strategy="direct"`` the head reads a whole block of ``horizon`` steps:
            future covariates of steps beyond the last row asked for repeat that row.
        history : same kind of object as at fit, or None, default=None
            Forecast from these observations instead of the training data, without
            refitting (series ids of a MultiIndex may be new). Cheap backtests: fit once,
            then predict from each origin's history.

        Returns
        -------
        forecast : pandas Series or DataFrame (the target columns) with the future index
            (X's index when X is given), or an ndarray (n_steps,) / (n_steps,
            n_targets) for array input
        """
        context, panel, paths, requests = self._forecast_for(X, history)
        return self._as_output(context, panel, paths, requests)

    def score(self, X, y=None):
        """Negative mean absolute scaled error (MASE) of the forecast of X's rows.

        Scale-free, defined with zeros, comparable across series: each series' absolute
        errors are divided by the mean absolute one-step change of its history (the
        in-sample error of the naive forecast, Hyndman & Koehler 2006). Greater is
        better, as scikit-learn's scorers expect; `skrnn.metrics` has other scorers.

        Parameters
        ----------
        X : same kind of object as at fit
            Rows after the end of the training data, with the true target values.
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        return forecast_scorers["neg_mean_absolute_scaled_error"](self, X)

    def _forecast_pairs(self, X, history=None, sp=1):
        """Per series of X: (true targets (m, n_t), forecasts (m, n_t), the in-sample
        error of the seasonal naive forecast of period ``sp`` on its history: MASE's
        scale, 1.0 when that is 0 or the history is too short)."""
        context, panel, paths, requests = self._forecast_for(X, history)
        assert_no_missing(panel, self._roles[0], "X", "target")
        pairs = []
        for j, (k, steps) in enumerate(requests):
            truth = panel.values[j][:, self._roles[0]]
            z = context["targets"][k]
            scale = float(np.abs(z[sp:] - z[:-sp]).mean()) if len(z) > sp else 0.0
            pairs.append((truth, paths[k][steps - 1], scale if scale > 0 else 1.0))
        return pairs

    def _forecast_for(self, X, history):
        check_is_fitted(self, "params_")
        context = self._context
        if history is not None:
            context = self._make_context(self._check_like_fit(history, "history"))
        n_series = len(context["values"])
        if X is None:
            if self._roles[2].size:
                raise ValueError("This forecaster uses future covariates: pass the future "
                                 "rows, with their covariate values, as X.")
            panel = None
            requests = [(k, np.arange(1, self.horizon + 1)) for k in range(n_series)]
        else:
            panel = self._check_like_fit(X, "X")
            requests = self._requests(context, panel)
        needed = np.zeros(n_series, dtype=np.int64)
        for k, steps in requests:
            needed[k] = max(needed[k], steps.max())
        ahead = self._future_features(context, panel, requests, needed)
        paths = self._run(context, ahead, needed)
        return context, panel, paths, requests

    def _check_like_fit(self, X, name):
        panel = check_panel(X, name, type(self).__name__,
                            freq=self.freq_ if name == "X" else None)
        if panel.kind != self._kind and "array" in panel.kind + self._kind:
            raise ValueError(
                f"{name} is a {panel.kind.replace('array', '')} array, but the forecaster "
                f"was fitted on a {self._kind.replace('array', '')} one. Reshape your "
                f"data: give {name} the same shape of columns as at fit.")
        if panel.columns.size != self.n_features_in_:
            raise ValueError(f"{name} has {panel.columns.size} features, but "
                             f"{type(self).__name__} is expecting {self.n_features_in_} "
                             f"features as input: give the same columns as at fit "
                             f"(target values at predict may be NaN).")
        check_feature_names(self, X if isinstance(X, pd.DataFrame) else None, reset=False)
        if panel.times[0].dtype != self._time_dtype or str(panel.freq) != str(self.freq_):
            raise ValueError(f"{name} is indexed by {panel.times[0].dtype} at frequency "
                             f"{panel.freq}; the forecaster was fitted on "
                             f"{self._time_dtype} at frequency {self.freq_}.")
        assert_no_missing(panel, np.concatenate([self._roles[1], self._roles[2]])
                          if name == "history" else self._roles[2], name, "covariate")
        if name == "history":
            assert_no_missing(panel, self._roles[0], name, "target")
        return panel

    def _requests(self, context, panel):
        """(series k of the context, steps ahead) for each series of X."""
        if panel.ids is None:
            if context["ids"] is not None:
                raise ValueError("The forecaster was fitted on many series; X needs the "
                                 "(series id, time) MultiIndex too.")
            positions = [0]
        else:
            known = pd.Index(context["ids"] if context["ids"] is not None else [])
            positions = known.get_indexer(panel.ids)
            if (positions < 0).any():
                new = list(panel.ids[positions < 0][:5])
                raise ValueError(f"X has series {new} without history; pass their recent "
                                 f"observations as `history=`.")
        requests = []
        for j, k in enumerate(positions):
            last = context["times"][k][-1]
            if self._kind in ("array1d", "array2d"):
                steps = np.arange(1, len(panel.values[j]) + 1)
            else:
                steps = steps_after(last, self.freq_, panel.times[j])
            if (steps < 1).any():
                bad = panel.times[j][int(np.argmax(steps < 1))]
                raise ValueError(
                    f"X's time {bad} is not on the {self.freq_} grid after the end of the "
                    f"history ({last}); a forecaster predicts future steps only. To "
                    f"forecast from an earlier point, pass the history up to it as "
                    f"`history=`.")
            requests.append((int(k), steps))
        return requests

    def _future_features(self, context, panel, requests, needed):
        """Scaled future-known features of steps 1..needed[k] of each series k."""
        future = self._roles[2]
        n_p = self._roles[1].size
        cov_mu, cov_sd = self._cov_stats
        rows = self.horizon * -(-needed // self.horizon) if self.strategy == "direct" \
            else needed
        request_of = {k: j for j, (k, _) in enumerate(requests)}  # series -> X's part
        ahead = []
        for k in range(len(needed)):
            if needed[k] == 0:  # a series X does not ask about
                ahead.append(None)
                continue
            F = np.zeros((rows[k], future.size))
            if future.size:
                j = request_of.get(k)
                steps = requests[j][1] if j is not None else np.array([], dtype=np.int64)
                given = np.zeros(rows[k], dtype=bool)
                inside = steps <= rows[k]
                if j is not None:
                    F[steps[inside] - 1] = (panel.values[j][inside][:, future]
                                            - cov_mu[n_p:]) / cov_sd[n_p:]
                given[steps[inside] - 1] = True
                missing = np.flatnonzero(~given[:needed[k]])
                if missing.size:
                    when = future_times(context["times"][k][-1], self.freq_,
                                        int(missing[0]) + 1)[-1]
                    raise ValueError(
                        f"X lacks the future covariates of {_series(context, k)}at {when}: "
                        f"a forecast needs them at every step up to the last one asked "
                        f"for. Add the rows, with the covariate values, to X.")
                if rows[k] > needed[k]:  # direct: the head's block beyond what is asked
                    F[needed[k]:] = F[needed[k] - 1]
            if self.calendar_features:
                times = future_times(context["times"][k][-1], self.freq_, rows[k])
                F = np.hstack([F, calendar_features(times, self.freq_)])
            ahead.append(F)
        return ahead

    def _run(self, context, ahead, needed):
        """Forecast paths (needed[k], n_targets) of the series asked about (None for
        the others), unscaled."""
        active = np.flatnonzero(needed > 0)
        series = [self._scaled(context["values"][k], context["times"][k],
                               context["stats"][k]) for k in active]
        run = self._run_recursive if self.strategy == "recursive" else self._run_direct
        with blas_single_thread():
            paths = run(series, [ahead[k] for k in active], int(needed.max()))
        out = [None] * len(needed)
        for k, path in zip(active, paths):
            mu, sd = context["stats"][k]
            path = path[:needed[k]] * sd + mu
            if self._lags:
                path = integrate(path, context["raw"][k], self._lags)
            out[k] = path
        return out

    def _run_recursive(self, series, ahead, n_steps):
        """Teacher forcing in, free run out: the last ``lookback`` steps set the state,
        then each forecast (targets and past covariates) is fed back as the next input."""
        rnn_p, W, b = self._split_params(self.params_)
        n_t = self._roles[0].size
        sequences = []
        for (Z, P, F), Fa in zip(series, ahead):
            inputs, _ = recursive_inputs(Z, P, F)
            first = np.concatenate([Z[-1], P[-1], Fa[0]])
            sequence = np.vstack([inputs, first])
            sequences.append(sequence if self.stateful else sequence[-self.lookback:])
        X, lengths = padded(sequences, self.dtype)
        X, mu, sd = self._window_scaled(X, lengths)
        # every series' future-known features of every step, padded past its last one
        # (those steps' forecasts are cut off by the caller)
        F_ahead = np.stack([np.vstack([Fa, np.repeat(Fa[-1:], n_steps - len(Fa), axis=0)])
                            for Fa in ahead]).astype(self.dtype)
        out, (h, c), _ = self._net.forward(rnn_p, X, lengths, training=False)
        y_hat = out @ W.T + b
        path = [y_hat]
        for j in range(1, n_steps):
            step = np.hstack([y_hat, F_ahead[:, j]])[:, None, :]
            out, (h, c), _ = self._net.forward(rnn_p, step, None, h0=h, c0=c,
                                               training=False)
            y_hat = out @ W.T + b
            path.append(y_hat)
        path = np.stack(path, axis=1)[:, :, :n_t].astype(np.float64)
        return list(path * sd + mu)

    def _run_direct(self, series, ahead, n_steps):
        """The head forecasts ``horizon`` steps at once; longer forecasts repeat it from
        the end of the previous block, whose forecasts join the history."""
        rnn_p, W, b = self._split_params(self.params_)
        h, n_t = self.horizon, self._roles[0].size
        n_blocks = -(-n_steps // h)
        if n_blocks > 1 and self._roles[1].size:
            raise ValueError(f"strategy='direct' with past covariates forecasts at most "
                             f"horizon={h} steps (their future values are unknown); "
                             f"asked for {n_steps}.")
        histories = [direct_history(Z, P, F) for Z, P, F in series]
        blocks = []
        for block in range(n_blocks):
            samples = []
            for hist, Fa in zip(histories, ahead):
                rows = [hist[-self.lookback:]]
                if self._with_ahead:
                    rows.append(direct_ahead(Fa[block * h:(block + 1) * h], n_t,
                                             self._roles[1].size))
                samples.append(np.vstack(rows))
            X, lengths = padded(samples, self.dtype)
            X, mu, sd = self._window_scaled(X, self._observed_steps(lengths))
            out, _, _ = self._net.forward(rnn_p, X, lengths, training=False)
            Z_hat = (out @ W.T + b).astype(np.float64).reshape(len(samples), h, n_t)
            Z_hat = Z_hat * sd + mu
            blocks.append(Z_hat)
            if block == n_blocks - 1:
                break
            for i, Fa in enumerate(ahead):  # without past covariates (checked above)
                new = np.hstack([Z_hat[i], Fa[block * h:(block + 1) * h],
                                 np.ones((h, 1))])
                histories[i] = np.vstack([histories[i], new])
        return list(np.concatenate(blocks, axis=1))

    # ----------------------------------------------------------------- output
    def _as_output(self, context, panel, paths, requests):
        target = self._roles[0]
        columns = self._columns[target]
        if panel is None:  # horizon steps of every series
            times = [future_times(context["times"][k][-1], self.freq_, self.horizon)
                     for k in range(len(paths))]
            values = paths
            ids = context["ids"]
        else:
            times = [panel.times[j] for j in range(len(requests))]
            values = [paths[k][steps - 1] for k, steps in requests]
            ids = panel.ids
        if self._kind == "array1d":
            return values[0][:, 0]
        if self._kind == "array2d":
            return values[0]
        stacked = np.vstack(values)
        if ids is None:
            index = times[0].rename(self._index_names[0])
        else:
            index = pd.MultiIndex.from_arrays(
                [np.repeat(np.asarray(ids, dtype=object), [len(t) for t in times]),
                 times[0].append(times[1:])], names=self._index_names)
        if self._kind == "series":
            return pd.Series(stacked[:, 0], index=index, name=columns[0])
        return pd.DataFrame(stacked, index=index, columns=columns)


def _series(context, k):
    return "" if context["ids"] is None else f"series {context['ids'][k]!r} "


def _column_stats(blocks, scaling):
    """Mean and standard deviation of each covariate column over all series."""
    n = blocks[0].shape[1]
    if scaling is None or n == 0:
        return np.zeros(n), np.ones(n)
    stacked = np.vstack(blocks)
    mu, sd = stacked.mean(axis=0), stacked.std(axis=0)
    sd[sd == 0] = 1.0
    return mu, sd
