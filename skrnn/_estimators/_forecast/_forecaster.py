"""`RNNForecaster`: time-series forecasting as a scikit-learn estimator on the shared base.

The forecaster turns the series it is given into training windows (`_windows`), as a
`TrainingData` for the shared training loop, and forecasts with the fitted
`SequenceModel` (`_running`). Its data model is in `_setup`: the roles of X's columns,
the settings a fit fixes, and the context forecasts start from.
"""
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from ..._compat import Interval, StrOptions, check_feature_names, fit_context
from ..._data import feature_names_of, step_mask
from ..._training import TrainingData
from .._base import BaseRNN, store_parameters
from .._docs import SHARED_PARAMETERS
from ._panel import assert_no_missing, check_panel, future_times
from ._scoring import forecast_scorers
from ._running import (all_requests, forecast_paths, future_features, requests_of,
                       steps_needed)
from ._setup import ColumnRoles, ForecastSetup, check_lags, column_stats
from ._windows import direct_windows, recursive_chunks, recursive_windows


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
        See "Strategies" above. Recursive is the default because one model serves any
        horizon.
    horizon : int, default=1
        Steps forecast by ``predict()`` without X, and the width of the direct head.
    lookback : int, default=24
        Steps of history per training window and read at forecast time (the chunk
        length when stateful); 24 spans two years of monthly or a day of hourly data.
    stateful : bool, default=False
        See "Context" above.
    future_covariates, past_covariates : list of column labels, default=None
        See "Columns" above; None: every column is a target.
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
        When fitted on a DataFrame with string column names.
    loss_curve_, validation_scores_, best_loss_, best_validation_score_, n_iter_, t_
        As in `RNNRegressor` (``t_`` counts training windows; the validation score is
        the R^2 of the scaled windows).
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
    _loss = "squared_error"
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

    def __init__(self, *, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="constant", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size=200, max_iter=200, shuffle=True,
                 clip_norm=None, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="uniform", forget_bias=None,
                 strategy="recursive", horizon=1, lookback=24, stateful=False,
                 future_covariates=None, past_covariates=None, calendar_features=False,
                 scaling="series", differences=None):
        store_parameters(self, locals())

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
        return self._fit(X, None)

    def _check_settings(self):
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

    def _training_data(self, X, y, sample_weight, fresh):
        self._check_settings()
        panel = check_panel(X, "X", type(self).__name__)
        if panel.lengths.max() < 2:
            raise ValueError("X has only 1 sample (time step) per series; a forecaster "
                             "needs at least 2 to learn from.")
        roles = ColumnRoles.of(panel.columns, self.past_covariates, self.future_covariates)
        if not fresh and (panel.columns.size != self.n_features_in_):
            raise ValueError(f"X has {panel.columns.size} columns; the forecaster was "
                             f"fitted with {self.n_features_in_}.")
        assert_no_missing(panel, roles.target, "X", "target")
        assert_no_missing(panel, roles.covariates, "X", "covariate")
        frame = X if isinstance(X, pd.DataFrame) else None
        if not fresh:
            check_feature_names(self, frame, reset=False)
        if fresh:
            if self.calendar_features and isinstance(panel.freq, int):
                raise ValueError("calendar_features=True needs a DatetimeIndex or a "
                                 "PeriodIndex; X is indexed by integers.")
            fitted = {"feature_names_in_": feature_names_of(frame),
                      "n_features_in_": panel.columns.size, "_kind": panel.kind,
                      "_columns": panel.columns, "_index_names": panel.index_names,
                      "freq_": panel.freq, "_time_dtype": panel.times[0].dtype}
            cov_stats = column_stats([v[:, roles.covariates] for v in panel.values],
                                     self.scaling)
        else:
            fitted, cov_stats = {}, self._setup.cov_stats
        setup = ForecastSetup(
            roles=roles, strategy=self.strategy, horizon=self.horizon,
            lookback=self.lookback, stateful=self.stateful, scaling=self.scaling,
            lags=check_lags(self.differences), calendar=self.calendar_features,
            freq=fitted.get("freq_", getattr(self, "freq_", None)), cov_stats=cov_stats,
            dtype=self.dtype)
        context = setup.context(panel)
        modelled = setup.differenced(panel)
        series = [setup.scaled(v, t, st)
                  for v, t, st in zip(modelled.values, modelled.times, context.stats)]
        data = _windows(setup, series)
        return data, dict(fitted, _setup=setup, _context=context)

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

    def _forecast_for(self, X, history):
        """The context, X's panel (None without X), the forecast paths of every series
        asked about, and the requests."""
        check_is_fitted(self, "params_")
        setup, context = self._setup, self._context
        if history is not None:
            context = setup.context(self._check_like_fit(history, "history"))
        if X is None:
            if setup.roles.future.size:
                raise ValueError("This forecaster uses future covariates: pass the future "
                                 "rows, with their covariate values, as X.")
            panel, requests = None, all_requests(context, setup.horizon)
        else:
            panel = self._check_like_fit(X, "X")
            requests = requests_of(setup, context, panel,
                                   by_position=self._kind in ("array1d", "array2d"))
        needed = steps_needed(context, requests)
        ahead = future_features(setup, context, panel, requests, needed)
        paths = forecast_paths(setup, self._model, self.params_, context, ahead, needed)
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
        roles = self._setup.roles
        assert_no_missing(panel, roles.covariates if name == "history" else roles.future,
                          name, "covariate")
        if name == "history":
            assert_no_missing(panel, self._setup.roles.target, name, "target")
        return panel

    # ----------------------------------------------------------------- output
    def _as_output(self, context, panel, paths, requests):
        target = self._setup.roles.target
        columns = self._columns[target]
        if panel is None:  # horizon steps of every series
            times = [future_times(context.times[k][-1], self.freq_, self._setup.horizon)
                     for k in range(len(paths))]
            values = paths
            ids = context.ids
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


def _windows(setup, series):
    """The training windows of the scaled ``series`` as a `TrainingData`."""
    previous = None
    if setup.stateful:
        Xw, Yw, lengths, ends, chunk = recursive_chunks(series, setup.lookback)
        previous = np.where(chunk > 0, np.arange(len(chunk)) - 1, -1)  # rows in order
    elif setup.strategy == "recursive":
        Xw, Yw, lengths, ends = recursive_windows(series, setup.lookback)
    else:
        Xw, Yw, lengths, ends = direct_windows(series, setup.lookback, setup.horizon,
                                               setup.with_ahead)
    per_step = setup.strategy == "recursive"
    if setup.scaling == "window":
        n_t = setup.n_targets
        Xw, mu, sd = setup.window_scaled(Xw, setup.observed_steps(lengths))
        Yw = Yw.copy()
        if per_step:
            Yw[:, :, :n_t] = (Yw[:, :, :n_t] - mu) / sd
        else:
            Yw = ((Yw.reshape(len(Yw), -1, n_t) - mu) / sd).reshape(len(Yw), -1)
    targets = Yw.astype(setup.dtype)
    if per_step:  # nothing past each window's end
        targets[~step_mask(lengths, targets.shape[1])] = 0.0
    return TrainingData(X=Xw.astype(setup.dtype), lengths=lengths, targets=targets,
                        sample_weight=np.ones(len(lengths)), per_step=per_step,
                        steps_to_end=ends, previous=previous)
